"""Pure analysis core: landmarks in, knee-valgus report out. numpy and scipy only, no I/O."""

from valgus_pwa.analysis.followup import compare_reports
from valgus_pwa.analysis.report import ANALYSIS_VERSION, analyse_assessment, analyse_trial

__all__ = ["ANALYSIS_VERSION", "analyse_assessment", "analyse_trial", "compare_reports"]
