"""ReportLab's C accelerator is installed (pure-Python string widths make the fit slow)."""

from __future__ import annotations


def test_reportlab_uses_its_c_helpers() -> None:
    from reportlab.lib import rl_accel

    assert "instanceStringWidthTTF" in rl_accel._c_funcs
    assert "fp_str" in rl_accel._c_funcs
