# snr_diffusion: the two commands are `make demo` and `make test`; both set up .venv first. `make lab` opens the course.
SHELL := /bin/bash
VENV  ?= .venv
PY    := $(VENV)/bin/python
PIP   := $(PY) -m pip
STAMP := $(VENV)/.installed
# A CPU build of torch on a machine without a GPU (pip's default torch pulls several GB of CUDA wheels);
# override with e.g. `make install TORCH="torch==2.5.1"`.
TORCH ?= $(if $(shell command -v nvidia-smi 2>/dev/null),torch>=2.1,torch==2.13.0)

.PHONY: install demo test lab reader check-lab docs nbs bench export clean-nbs readme check clean
install: $(STAMP)

# Reinstall when pyproject.toml's content changes: every nbdev-export (and each notebook's closing export cell)
# rewrites the file unchanged, which only makes it newer than the stamp.
$(STAMP): pyproject.toml
	@if sha256sum --status -c $(STAMP) 2>/dev/null; then touch $(STAMP); else set -ex; \
	  test -x $(PY) || python3 -m venv $(VENV); \
	  $(PY) -c "import torch" 2>/dev/null || $(PIP) install -q "$(TORCH)"; \
	  $(PIP) install -q -e ".[course,dev]"; \
	  sha256sum pyproject.toml > $(STAMP); fi

demo: install            ## the main job: SNR figures and tables in outputs/demo/
	$(VENV)/bin/snrd demo --out outputs/demo

test: install            ## every notebook's checks, each in a fresh kernel as a reader runs it, timed; closing `N passed, N failed`
	$(PY) tools/run_tests.py --mode reader

# JupyterLab on 127.0.0.1 only, with no news feed, no update check and no extension search on PyPI (nothing leaves
# the machine); as root (a container, CI) Jupyter needs --allow-root. LAB_PORT: the first port to try.
LAB_PORT ?= 8888
LAB_FLAGS := --no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) --ServerApp.root_dir=nbs \
	--LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
	--LabApp.extension_manager=readonly $(if $(filter 0,$(shell id -u)),--allow-root)

lab: install             ## the course in JupyterLab: serves nbs/ on 127.0.0.1 and prints the URL to open (Ctrl-C stops it)
	@echo "Starting JupyterLab on nbs/: open the http://127.0.0.1:...?token=... URL it prints below. Ctrl-C stops it."
	$(VENV)/bin/jupyter lab $(LAB_FLAGS)

reader: test             ## the same run as `make test` (Run All, fresh kernel, heavy work off, timed)

check-lab: install       ## the student's path in headless Chromium: JupyterLab, notebook 01, Run All; screenshots in _lab_check/
	$(PY) tools/check_lab.py

docs: install            ## the docs site in _docs/, built offline and checked in headless Chromium
	$(PY) tools/build_docs.py
	$(PY) tools/check_docs.py

nbs: install             ## re-run the notebooks with the heavy work on (SNRD_RECOMPUTE=1: hours), save their outputs and README's results
	SNRD_RECOMPUTE=1 $(PY) tools/run_tests.py --mode test --flags slow --save --cell-timeout 36000
	$(PY) tools/sanitize_outputs.py
	$(VENV)/bin/nbdev-clean
	$(PY) tools/make_results.py && $(PY) tools/make_readme.py

bench: install           ## our U-Net against diffusers' UNet2DModel, training steps/s (installs the bench extra)
	$(PIP) install -q -e ".[bench]"
	$(PY) bench/unet_speed.py --devices cpu --threads 2 --steps 24 --rounds 8

export: install
	$(VENV)/bin/nbdev-export

clean-nbs: install
	$(VENV)/bin/nbdev-clean

readme: install           ## README's generated results (from stored results) and README.md (from nbs/index.ipynb)
	$(PY) tools/make_results.py
	$(PY) tools/make_readme.py

check: install           ## the library and notebooks are in sync and clean, README is current, lint and import layers pass
	$(VENV)/bin/nbdev-export && $(VENV)/bin/nbdev-clean
	@git status --porcelain -- snr_diffusion nbs | grep . && { echo 'nbdev-export or nbdev-clean changed files: commit them'; exit 1; } || true
	$(PY) tools/make_results.py --check
	$(PY) tools/make_readme.py --check
	$(VENV)/bin/ruff check snr_diffusion tools bench
	$(PY) tools/check_imports.py
	$(PY) tools/check_readme_snippets.py

clean:
	rm -rf _docs _proc _docs_check _lab_check outputs build dist *.egg-info
