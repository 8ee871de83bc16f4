# ogi — the two commands of the README, and a few for developers.
#   make run    install what is missing, build, run the main job
#   make test   build with ASan+UBSan and run every test
BUILD      ?= build
TESTBUILD  ?= build-test
JOBS       ?= $(shell nproc)
OGI        := $(BUILD)/ogi
SHARED     ?= $(abspath ../shared)

.PHONY: all run test deps test-deps build build-test clean fuzz valgrind bench

all: build

deps:
	@scripts/install-deps.sh build

test-deps:
	@scripts/install-deps.sh all

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOGI_TESTS=OFF >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

build-test: test-deps
	@cmake -S . -B $(TESTBUILD) -DCMAKE_BUILD_TYPE=Debug -DOGI_SANITIZE=ON >/dev/null
	@cmake --build $(TESTBUILD) -j $(JOBS)

# The main job: check and render the seed reports, then serve the portal on a demo ledger.
run: build
	@scripts/main-job.sh $(OGI) $(SHARED)

test: build-test
	@cd $(TESTBUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

valgrind: test-deps build
	@scripts/valgrind-check.sh $(OGI) $(SHARED)

fuzz:
	@scripts/install-deps.sh all
	@CC=clang cmake -S . -B build-fuzz -DOGI_FUZZ=ON -DOGI_TESTS=OFF -DOGI_SANITIZE=ON >/dev/null
	@cmake --build build-fuzz -j $(JOBS)

clean:
	rm -rf $(BUILD) $(TESTBUILD) build-fuzz
