"""The benchmarks run: at a tiny size they end with the JSON line documented (never timed here)."""

import gc
import json
import resource
import time

import pytest

from benchmarks import consolidate, deck

CONSOLIDATE_KEYS = {"files", "rows", "naive_s", "pandas_calamine_s", "polars_s", "floor_s",
                    "ingest_s", "pcxl_s", "pcxl_vs_naive", "pcxl_vs_pandas_calamine",
                    "pcxl_vs_polars", "pcxl_vs_floor", "ingest_vs_floor", "peak_rss_mb", "busy",
                    "compiled"}


def last_json(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def test_the_consolidation_benchmark_ends_with_its_json_line(tmp_path, capsys):
    consolidate.main(["--files", "3", "--rows", "4", "--cache", str(tmp_path / "cache")])
    result = last_json(capsys.readouterr().out)
    assert set(result) == CONSOLIDATE_KEYS
    assert (result["files"], result["rows"]) == (3, 4)
    assert result["compiled"] is True  # pcxl's modules byte-compiled before timing
    for key in ("naive_s", "pandas_calamine_s", "floor_s", "ingest_s", "pcxl_s", "peak_rss_mb"):
        assert result[key] > 0, key
    assert result["pcxl_vs_pandas_calamine"] == pytest.approx(
        result["pcxl_s"] / result["pandas_calamine_s"], rel=0.1)
    if result["polars_s"] is not None:  # polars is a benchmark extra: pip install -e '.[benchmark]'
        assert result["pcxl_vs_polars"] == pytest.approx(result["pcxl_s"] / result["polars_s"],
                                                         rel=0.1)
    # the ratios are of the unrounded times
    assert result["pcxl_vs_naive"] == pytest.approx(result["pcxl_s"] / result["naive_s"], rel=0.1)
    assert result["ingest_vs_floor"] == pytest.approx(result["ingest_s"] / result["floor_s"],
                                                      rel=0.1)


def test_the_polars_peer_is_skipped_with_a_note_when_it_is_not_installed(tmp_path, capsys,
                                                                         monkeypatch):
    monkeypatch.setitem(consolidate.OPTIONAL, "polars", ("no_such_module_installed",))
    consolidate.main(["--files", "2", "--rows", "4", "--cache", str(tmp_path / "cache"),
                      "--repeat-fast", "1", "--skip", "naive", "--skip", "pandas_calamine",
                      "--skip", "nohistory"])
    output = capsys.readouterr().out
    assert "polars          skipped: needs no_such_module_installed" in output
    result = last_json(output)
    assert (result["polars_s"], result["pcxl_vs_polars"]) == (None, None)
    assert result["pcxl_s"] > 0


def spun_for(seconds: float) -> float:
    """The CPU time a ``--busy`` spinner kept for ``seconds`` got (reaped: a child's time)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    with consolidate._busy_core(True):
        time.sleep(seconds)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before


def test_with_busy_every_stage_runs_beside_a_process_keeping_a_core_busy(tmp_path, capsys):
    kept = 0.5
    while (spun := spun_for(kept)) <= 0.05 and kept < 30:  # a loaded machine: keep it longer
        kept *= 2
    assert spun > 0.05  # the spinner ran, and was reaped

    consolidate.main(["--files", "2", "--rows", "4", "--cache", str(tmp_path / "cache"),
                      "--repeat-fast", "1", "--busy", *(f"--skip={s}" for s in (
                          "naive", "pandas_calamine", "polars", "nohistory"))])
    result = last_json(capsys.readouterr().out)
    assert result["busy"] is True and result["pcxl_vs_floor"] > 0


def test_generated_returns_are_cached_and_read_as_real_returns(tmp_path):
    folder = consolidate.returns_folder(3, 4, tmp_path)
    assert consolidate.returns_folder(3, 4, tmp_path) == folder
    paths = consolidate.return_paths(folder)
    assert len(paths) == 3
    from pcxl.validate.run import validate_return

    report = validate_return(paths[0])
    assert report.tracker == "highlight" and report.valid, report.problems
    assert len(report.data.sheets["Milestones"]) == 4


def test_the_deck_benchmark_times_the_layout_engine_beside_a_fixed_reference(capsys):
    deck.main(["--slides", "12"])
    output = capsys.readouterr().out
    result = last_json(output)
    assert set(result) == {"slides", "workstreams", "deck_s", "cpu_s", "reference_s",
                           "deck_vs_reference", "peak_rss_mb"}
    assert 9 <= result["slides"] <= 15 and result["workstreams"] >= 1
    for key in ("deck_s", "cpu_s", "reference_s", "peak_rss_mb"):
        assert result[key] > 0, key
    assert result["deck_vs_reference"] == pytest.approx(result["deck_s"] / result["reference_s"],
                                                        rel=0.1)
    assert f"{result['slides']} slides ({result['workstreams']} workstreams)" in output


def test_the_deck_benchmark_draws_one_big_return_on_request(capsys):
    deck.main(["--milestones", "100"])
    result = last_json(capsys.readouterr().out)
    assert set(result) == {"milestones", "slides", "deck_s", "cpu_s", "peak_rss_mb"}
    assert result["milestones"] == 100 and result["slides"] >= 3


def test_the_deck_benchmark_frees_each_deck_before_drawing_the_next(tmp_path):
    from pptx.presentation import Presentation

    deck.draw(deck.make_deck_dataset(3), deck.LAYOUT, tmp_path / "deck.pptx")
    assert not [o for o in gc.get_objects() if isinstance(o, Presentation)]


def test_the_consolidation_benchmark_times_pcxl_consolidate_by_parts(tmp_path, capsys,
                                                                      monkeypatch):
    import xlsxwriter.workbook

    import pcxl.consolidate
    import pcxl.excel.precheck
    import pcxl.pipeline
    import pcxl.validate.run
    from pcxl.history.background import Recording

    for owner, name in [(pcxl.validate.run, "read_return"), (pcxl.validate.run, "prechecked"),
                        (pcxl.excel.precheck, "precheck"),
                        (pcxl.validate.run, "_validate_batch"),
                        (pcxl.consolidate, "_normalise_frames"), (pcxl.consolidate, "_dataset"),
                        (pcxl.pipeline, "write_consolidated"),
                        (xlsxwriter.workbook.Workbook, "close"), (Recording, "prepared"),
                        (pcxl.pipeline, "period_changes"), (pcxl.pipeline, "stale_flags")]:
        if hasattr(owner, name):  # the timers wrap these: put them back afterwards
            monkeypatch.setattr(owner, name, getattr(owner, name))

    consolidate.main(["--files", "2", "--rows", "4", "--parts", "--cache", str(tmp_path)])

    lines = capsys.readouterr().out.splitlines()
    labels = [line.rsplit(None, 2)[0] for line in lines]  # "<label>  <seconds> s"
    assert "read: python-calamine, cleaning" in labels
    assert "read: guard, scan (and chunks taken back), here" in labels
    assert "write the consolidated workbook" in labels
    assert "history: waiting for record_period (in the background)" in labels
    assert labels[-1] == "total (imports not included)" and lines[-1].endswith(" s")
