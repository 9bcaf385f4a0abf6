# The two commands: `make run` and `make test`. Both install what is missing first.
PRESET ?= release
BIN := build/$(PRESET)/src/app/gongjian

.PHONY: run test deps build web test-asan bench clean

run: build web
	@bash scripts/run.sh $(BIN)

test: build web
	@bash scripts/test.sh $(PRESET)

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET)

web: deps
	@bash scripts/build-web.sh

# The same C++ suites under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan:
	@$(MAKE) --no-print-directory PRESET=asan build
	@bash scripts/test.sh asan --cpp-only

bench: build web
	@bash bench/run.sh $(BIN)

clean:
	rm -rf build web/dist
