# Écoute — the two commands of the README.
#   make run    builds in release mode and serves http://127.0.0.1:3000
#   make test   runs every test (see .ci/test)

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: run test build

run: build
	./target/release/ecoute serve

build:
	.ci/tools build
	cargo leptos build --release
	node style/precompress.mjs target/site

test:
	.ci/test
