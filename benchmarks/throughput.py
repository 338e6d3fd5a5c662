"""Scoring throughput: answer sets checked, scored and turned into the JSON result per second,
measured against a baseline in the same run.

The baseline is the least any reader of the same files must do: ``json.loads`` of each answer set
and ``json.dumps`` of a result-sized object. The figure to compare between versions is the ratio
(our time per answer set / baseline time per answer set); the rate itself depends on the machine.
This is the engine a batch of answer files streams through: ``parse_answers`` → ``assess`` →
``to_json``.

Usage: ``uv run python benchmarks/throughput.py [--sets 2000] [--seed 7]``. Not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from typing import Any

from iop_assess.answers import parse_answers
from iop_assess.assess import assess
from iop_assess.bank import Bank, load_bank
from iop_assess.gates import contradictions
from iop_assess.model import DECLINED
from iop_assess.result import to_json


def random_answers(bank: Bank, rng: random.Random) -> dict[str, Any]:
    """One answer set: every item answered at random (some declined), like a full interview;
    a past-year question that a later answer contradicts becomes "yes", as a person would fix
    it (contradictory files are refused)."""
    answers: dict[str, Any] = {}
    for item_id, ref in bank.items.items():
        item = ref.item
        if rng.random() < 0.03:
            answers[item_id] = DECLINED
        elif item.type == "integer":
            assert item.min is not None and item.max is not None
            answers[item_id] = rng.randint(item.min, min(item.max, 99))
        elif item.type == "text":
            continue
        elif item.type == "multiple":
            values = [o.value for o in ref.options or () if not o.exclusive]
            answers[item_id] = rng.sample(values, rng.randint(1, min(3, len(values))))
        else:
            answers[item_id] = rng.choice([o.value for o in ref.options or ()])
    for found in contradictions(answers):
        answers[found.gate] = "yes"
    return answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    bank = load_bank()
    rng = random.Random(args.seed)
    texts = [json.dumps({"answers": random_answers(bank, rng)}) for _ in range(args.sets)]

    start = time.perf_counter()
    sizes = 0
    for text in texts:
        given = parse_answers(bank, json.loads(text), "bench")
        result = assess(bank, given.answers, warnings=given.warnings)
        sizes += len(json.dumps(to_json(result)))
    ours = time.perf_counter() - start

    shape = json.loads(json.dumps(to_json(result)))
    start = time.perf_counter()
    for text in texts:
        json.loads(text)
        json.dumps(shape)
    baseline = time.perf_counter() - start

    print(f"answer sets:        {args.sets} ({sizes // args.sets} bytes of JSON result each)")
    each = ours / args.sets * 1000
    print(f"iop-assess:         {args.sets / ours:,.0f} sets/s ({each:.2f} ms each)")
    print(f"baseline (json):    {args.sets / baseline:,.0f} sets/s")
    print(f"ratio (ours/base):  {ours / baseline:.1f}")


if __name__ == "__main__":
    main()
