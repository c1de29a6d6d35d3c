"""The benchmark playbook generator, by what it generates; `benchmarks/generate.py` is its command line.

sizes (how big) → words, shapes (what it is made of) → org, asks, policies,
journeys (building the playbook in memory, from one random.Random) → render
(YAML text, yamltext) → playbook (build and write).
"""
