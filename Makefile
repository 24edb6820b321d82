# One task runner. `make demo` and `make test` set everything up on a fresh Debian machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages: Pango for WeasyPrint, HarfBuzz subsetting (14 s -> 0.8 s per PDF without it),
# a CJK font with a real bold, LibreOffice Writer (it lays the DOCX out so the table of
# contents gets its page numbers), poppler for the tests' pdftotext/pdffonts/pdftoppm,
# LibreOffice Calc as the real client every DOCX/XLSX must open in, and qpdf as the one
# every PDF must pass (`qpdf --check`).
DEB_RUNTIME := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
	libreoffice-writer-nogui
DEB_TEST := poppler-utils libreoffice-calc-nogui tmux qpdf

.PHONY: help setup setup-test system-deps system-deps-test demo test lint bench clean

help:
	@echo "make demo   - set up, then write every document for the example campaign to output/demo/"
	@echo "make test   - set up (incl. LibreOffice, poppler), then run the whole test suite"
	@echo "make bench  - our timings beside the peers' (LibreOffice, naive python-docx, click)"

system-deps:
	@bash scripts/ensure-debs.sh $(DEB_RUNTIME)

system-deps-test:
	@bash scripts/ensure-debs.sh $(DEB_RUNTIME) $(DEB_TEST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

setup: system-deps $(VENV)/.installed

setup-test: system-deps-test $(VENV)/.installed

demo: setup
	$(BIN)/campaign-docs demo -o output/demo

test: setup-test
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check generator tests bench

bench: setup-test
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info output/demo
