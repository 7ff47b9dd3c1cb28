# The README's commands. Each target creates .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= rasid.db
DEMO := examples/corpus examples/html examples/feeds
NER_CACHE ?= .cache/ner
LINTED := $(wildcard rasid tests bench scripts fuzz)

.PHONY: run test lint bench bench-stories bench-scale eval ner-model kb web-assets chromium fuzz clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("rasid needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-run

## run: install, ingest the demo corpus into ./rasid.db, summarise it, then serve the dashboard at http://127.0.0.1:8000 (Ctrl-C stops it)
run: $(VENV)/.installed-run
	$(BIN)/rasid ingest $(DEMO) --db $(DB)
	$(BIN)/rasid stats --db $(DB)
	$(BIN)/rasid entities --db $(DB) --limit 15
	$(BIN)/rasid quotes --db $(DB) --limit 8
	$(BIN)/rasid stories --db $(DB) --min-articles 2 --limit 8
	$(BIN)/rasid serve --db $(DB) --host 127.0.0.1 --port 8000

## test: install with dev extras (and Debian's chromium for the browser tests) and run the whole suite, with a throwaway PostgreSQL server on 127.0.0.1 so the store tests run on both engines
test: $(VENV)/.installed-dev chromium
	scripts/with_postgres.sh $(BIN)/python -m pytest

## chromium: the browser the dashboard tests drive (apt; sudo when not root)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

## lint: ruff and strict mypy
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@ $(VENV)/.installed-dev $(VENV)/.installed-run

## bench: throughput, memory and latency on the ANT corpus, each stage and the whole pipeline on one core, the BERT-base reference, Dask against one process, then one table of the headline figures (bench/report.py; about 20 minutes on 2 quiet cores; docs/benchmarks.md)
bench: $(VENV)/.installed-bench
	$(BIN)/python bench/bench_clean.py
	$(BIN)/python bench/bench_ingest.py --limit 10000
	$(BIN)/python bench/bench_pathological.py
	$(BIN)/python bench/bench_entities.py
	$(BIN)/python bench/bench_speech.py
	$(BIN)/python bench/bench_search.py
	$(BIN)/python bench/bench_pipeline.py
	$(BIN)/python bench/bench_bert.py
	$(BIN)/python bench/bench_dask.py
	$(BIN)/python bench/report.py

## bench-stories: the whole ANT corpus ingested with stories, then search latency and the seeds' relatedness (hours on one core)
bench-stories: $(VENV)/.installed-bench
	$(BIN)/python bench/bench_stories.py
	$(BIN)/python bench/report.py

## bench-scale: 1,000,000 synthetic articles ingested into SQLite in ten slices, then search latency (SCALE_ARGS="--articles 20000" for a short run, "--db postgresql+psycopg://..." for PostgreSQL, "--workdir DIR" to resume after an interruption; the full run takes about half a day on one core, see docs/benchmarks.md)
SCALE_ARGS ?= --articles 1000000
bench-scale: $(VENV)/.installed-bench
	$(BIN)/python bench/bench_scale.py $(SCALE_ARGS)
	$(BIN)/python bench/report.py

## eval: quality of the cleaner on the named evaluation sets, and of the name finder on ANERcorp dev
eval: $(VENV)/.installed-run
	$(BIN)/rasid eval clean
	$(BIN)/rasid eval ner ../shared/data/ner/anercorp/train.tsv --dev
	$(BIN)/rasid eval quotes
	$(BIN)/rasid eval dates
	$(BIN)/rasid eval events
	$(BIN)/rasid eval stories
	$(BIN)/rasid eval related

## ner-model: relearn ANT word clusters, retrain the CRF, the neural tagger and the second network of the accurate pool, rebuild the romanisation table (about 50 minutes)
ner-model: $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet -e '.[dev,train]'
	$(BIN)/python scripts/train_clusters.py
	$(BIN)/python scripts/train_ner.py
	rm -rf $(NER_CACHE)
	$(BIN)/python scripts/train_ner_neural.py --cache $(NER_CACHE)
	$(BIN)/python scripts/train_ner_neural.py --cache $(NER_CACHE) --models $(NER_CACHE) --seed 29 --name ner-neural-s29.onnx
	$(BIN)/python scripts/pool_ner_networks.py rasid/models/ner-neural.onnx $(NER_CACHE)/ner-neural-s29.onnx
	$(BIN)/python scripts/build_romanizations.py

## kb: rebuild the knowledge base rasid/models/kb.jsonl.gz from its sources (about 30 s)
kb: $(VENV)/.installed-dev
	$(BIN)/python scripts/build_kb.py

## web-assets: refetch Leaflet and the Natural Earth country outlines from npm into rasid/web/static
web-assets: $(VENV)/.installed-dev
	$(BIN)/python scripts/build_web_assets.py

$(VENV)/.installed-fuzz: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	touch $@ $(VENV)/.installed-run

FUZZ_RUNS ?= 20000
# trafilatura reads every page: the HTML harness runs about ten times slower.
FUZZ_HTML_RUNS ?= 5000
FUZZ_FLAGS ?= -timeout=10 -rss_limit_mb=4096 -artifact_prefix=.cache/fuzz/

## fuzz: atheris over the text, JSON-lines and HTML readers, FUZZ_RUNS inputs each (FUZZ_HTML_RUNS for HTML); a crash stops the run and leaves its input in .cache/fuzz/ (docs/robustness.md)
fuzz: $(VENV)/.installed-fuzz
	mkdir -p .cache/fuzz
	$(BIN)/python fuzz/fuzz_text.py -runs=$(FUZZ_RUNS) $(FUZZ_FLAGS)
	$(BIN)/python fuzz/fuzz_jsonl.py -runs=$(FUZZ_RUNS) $(FUZZ_FLAGS)
	$(BIN)/python fuzz/fuzz_html.py -runs=$(FUZZ_HTML_RUNS) $(FUZZ_FLAGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
