"""The adopt benchmark runs: at a tiny size it ends with its JSON line (never timed here)."""

import json

from benchmarks import adopt


def test_the_adopt_benchmark_ends_with_its_json_line(capsys):
    adopt.main(["--files", "2", "--rows", "3", "--repeat", "1"])
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(result) == {"files", "rows", "adopt_s", "read_s", "validate_s", "drift_s",
                           "drift_share"}
    assert (result["files"], result["rows"]) == (2, 3)
    assert all(result[k] > 0 for k in ("adopt_s", "read_s", "validate_s", "drift_s"))
