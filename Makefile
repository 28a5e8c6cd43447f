# snr_diffusion: the two commands are `make demo` and `make test`; both set up .venv first.
SHELL := /bin/bash
VENV  ?= .venv
PY    := $(VENV)/bin/python
PIP   := $(PY) -m pip
STAMP := $(VENV)/.installed
# A CPU build of torch on a machine without a GPU (pip's default torch pulls several GB of CUDA wheels);
# override with e.g. `make install TORCH="torch==2.5.1"`.
TORCH ?= $(if $(shell command -v nvidia-smi 2>/dev/null),torch>=2.1,torch==2.13.0)

.PHONY: install demo test docs nbs bench export clean-nbs readme check clean
install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -c "import torch" 2>/dev/null || $(PIP) install -q "$(TORCH)"
	$(PIP) install -q -e ".[course,dev]"
	touch $(STAMP)

demo: install            ## the main job: SNR figures and tables in outputs/demo/
	$(VENV)/bin/snrd demo --out outputs/demo

test: install            ## every notebook's checks, one line per notebook, closing `N passed, N failed`
	$(PY) tools/run_tests.py

docs: install            ## the docs site in _docs/, built offline and checked in headless Chromium
	$(PY) tools/build_docs.py
	$(PY) tools/check_docs.py

nbs: install             ## re-run the notebooks (slow cells included) and save their outputs
	$(PY) tools/run_tests.py --flags slow --save
	$(VENV)/bin/nbdev-clean

bench: install           ## our U-Net against diffusers' UNet2DModel, training steps/s (installs the bench extra)
	$(PIP) install -q -e ".[bench]"
	$(PY) bench/unet_speed.py --devices cpu --threads 2 --steps 24 --rounds 8

export: install
	$(VENV)/bin/nbdev-export

clean-nbs: install
	$(VENV)/bin/nbdev-clean

readme: install
	$(PY) tools/make_readme.py

check: install           ## the library and notebooks are in sync and clean, README is current
	$(VENV)/bin/nbdev-export && $(VENV)/bin/nbdev-clean
	@git status --porcelain -- snr_diffusion nbs | grep . && { echo 'nbdev-export or nbdev-clean changed files: commit them'; exit 1; } || true
	$(PY) tools/make_readme.py --check

clean:
	rm -rf _docs _proc _docs_check outputs build dist *.egg-info
