"""Every publication the app cites: a short in-text form, the full citation and a link; and the
words of the reference ranges the analysis names by code (valgus_pwa.analysis.norms).

Texts cite a source as `[@key]`; `cite()` and the tests resolve every key against this registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from valgus_pwa.analysis import norms
from valgus_pwa.content.figures import with_figures


@dataclass(frozen=True)
class Source:
    key: str
    short: str  # in-text form, e.g. "Palmer et al. 2015"
    citation: str  # full citation, Vancouver style
    url: str


def _sources(*sources: Source) -> dict[str, Source]:
    return {source.key: source for source in sources}


REFERENCES: dict[str, Source] = _sources(
    Source(
        "palmer2015",
        "Palmer et al. 2015",
        "Palmer K, Hebron C, Williams JM. A randomised trial into the effect of an isolated hip"
        " abductor strengthening programme and a functional motor control programme on knee"
        " kinematics and hip muscle strength. BMC Musculoskelet Disord. 2015;16:105.",
        "https://doi.org/10.1186/s12891-015-0563-9",
    ),
    Source(
        "rees2019",
        "Rees et al. 2019",
        "Rees D, Younis A, MacRae S. Is there a correlation in frontal plane knee kinematics"
        " between running and performing a single leg squat in runners with patellofemoral pain"
        " syndrome and asymptomatic runners? Clin Biomech (Bristol, Avon). 2019;61:227-232.",
        "https://doi.org/10.1016/j.clinbiomech.2018.12.008",
    ),
    Source(
        "dingenen2018",
        "Dingenen et al. 2018",
        "Dingenen B, Barton C, Janssen T, Benoit A, Malliaras P. Test-retest reliability of"
        " two-dimensional video analysis during running. Phys Ther Sport. 2018;33:40-47.",
        "https://doi.org/10.1016/j.ptsp.2018.06.009",
    ),
    Source(
        "matsuzaki2024",
        "Matsuzaki et al. 2024",
        "Matsuzaki Y, Heath MR, Khan J, Spitzer E, Fabricant PD. Normative running kinematics in"
        " healthy adolescent runners: a 2-dimensional video analysis. HSS J. 2024.",
        "https://doi.org/10.1177/15563316241234045",
    ),
    Source(
        "heiderscheit2011",
        "Heiderscheit et al. 2011",
        "Heiderscheit BC, Chumanov ES, Michalski MP, Wille CM, Ryan MB. Effects of step rate"
        " manipulation on joint mechanics during running. Med Sci Sports Exerc."
        " 2011;43(2):296-302.",
        "https://doi.org/10.1249/MSS.0b013e3181ebedf4",
    ),
    Source(
        "herrington2014",
        "Herrington 2014",
        "Herrington L. Knee valgus angle during single leg squat and landing in patellofemoral"
        " pain patients and controls. Knee. 2014;21(2):514-517.",
        "https://doi.org/10.1016/j.knee.2013.11.011",
    ),
    Source(
        "ghulam2021",
        "Ghulam 2021",
        "Ghulam HS. Effect of knee valgus angle during single leg squat and horizontal hop for"
        " distance in patients with patellofemoral pain and controls. Int J Clin Med."
        " 2021;12(6):261-271.",
        "https://doi.org/10.4236/ijcm.2021.126023",
    ),
    Source(
        "herrington_munro2010",
        "Herrington & Munro 2010",
        "Herrington L, Munro A. Drop jump landing knee valgus angle; normative data in a"
        " physically active population. Phys Ther Sport. 2010;11(2):56-59.",
        "https://doi.org/10.1016/j.ptsp.2009.11.004",
    ),
    Source(
        "munro2012",
        "Munro et al. 2012",
        "Munro A, Herrington L, Carolan M. Reliability of 2-dimensional video assessment of"
        " frontal-plane dynamic knee valgus during common athletic screening tasks."
        " J Sport Rehabil. 2012;21(1):7-11.",
        "https://doi.org/10.1123/jsr.21.1.7",
    ),
    Source(
        "gwynne_curran2014",
        "Gwynne & Curran 2014",
        "Gwynne CR, Curran SA. Quantifying frontal plane knee motion during single limb squats:"
        " reliability and validity of 2-dimensional measures. Int J Sports Phys Ther."
        " 2014;9(7):898-906.",
        "https://pubmed.ncbi.nlm.nih.gov/25540705/",
    ),
    Source(
        "englander2019",
        "Englander et al. 2019",
        "Englander ZA, Cutcliffe HC, Utturkar GM, Garrett WE, Spritzer CE, DeFrate LE. A"
        " comparison of knee abduction angles measured by a 3D anatomic coordinate system versus"
        " videographic analysis: implications for anterior cruciate ligament injury. Orthop J"
        " Sports Med. 2019;7(1):2325967118819831.",
        "https://doi.org/10.1177/2325967118819831",
    ),
    Source(
        "noehren2013",
        "Noehren et al. 2013",
        "Noehren B, Hamill J, Davis I. Prospective evidence for a hip etiology in patellofemoral"
        " pain. Med Sci Sports Exerc. 2013;45(6):1120-1124.",
        "https://doi.org/10.1249/MSS.0b013e31828249d2",
    ),
    Source(
        "ferber2010",
        "Ferber et al. 2010",
        "Ferber R, Noehren B, Hamill J, Davis IS. Competitive female runners with a history of"
        " iliotibial band syndrome demonstrate atypical hip and knee kinematics. J Orthop Sports"
        " Phys Ther. 2010;40(2):52-58.",
        "https://doi.org/10.2519/jospt.2010.3028",
    ),
    Source(
        "noehren2014",
        "Noehren et al. 2014",
        "Noehren B, Schmitz A, Hempel R, Westlake C, Black W. Assessment of strength,"
        " flexibility, and running mechanics in males with iliotibial band syndrome. J Orthop"
        " Sports Phys Ther. 2014;44(3):217-222.",
        "https://doi.org/10.2519/jospt.2014.4991",
    ),
    Source(
        "crossley2016",
        "Crossley et al. 2016",
        "Crossley KM, van Middelkoop M, Callaghan MJ, Collins NJ, Rathleff MS, Barton CJ. 2016"
        " Patellofemoral pain consensus statement from the 4th International Patellofemoral Pain"
        " Research Retreat, Manchester. Part 2: recommended physical interventions (exercise,"
        " taping, bracing, foot orthoses and combined interventions). Br J Sports Med."
        " 2016;50(14):844-852.",
        "https://doi.org/10.1136/bjsports-2016-096268",
    ),
    Source(
        "collins2018",
        "Collins et al. 2018",
        "Collins NJ, Barton CJ, van Middelkoop M, et al. 2018 Consensus statement on exercise"
        " therapy and physical interventions (orthoses, taping and manual therapy) to treat"
        " patellofemoral pain: recommendations from the 5th International Patellofemoral Pain"
        " Research Retreat, Gold Coast, Australia, 2017. Br J Sports Med. 2018;52(18):1170-1178.",
        "https://doi.org/10.1136/bjsports-2018-099397",
    ),
    Source(
        "bazarevsky2020",
        "Bazarevsky et al. 2020",
        "Bazarevsky V, Grishchenko I, Raveendran K, Zhu T, Zhang F, Grundmann M. BlazePose:"
        " on-device real-time body pose tracking. arXiv:2006.10204. 2020.",
        "https://arxiv.org/abs/2006.10204",
    ),
    Source(
        "winter2009",
        "Winter 2009",
        "Winter DA. Biomechanics and Motor Control of Human Movement. 4th ed. Hoboken, NJ:"
        " Wiley; 2009.",
        "https://doi.org/10.1002/9780470549148",
    ),
)


# Each reference range the analysis names: who it describes, and the registry key of its source.
RANGE_LABELS = {
    "squat_pain_free_women": "pain-free women, single-leg squat"
    " (mean ± 1 SD of {squat_mean_deg:g} ± {squat_sd_deg:g}°)",
    "squat_pain_free_men": "pain-free men, single-leg squat (their mean of"
    " {squat_men_mean_deg:g}° ± the women's SD of {squat_sd_deg:g}°)",
    "squat_pain_free_adults": "pain-free adults, single-leg squat (men {squat_men_low_deg:g}-"
    "{squat_men_high_deg:g}°, women {squat_low_deg:g}-{squat_high_deg:g}°)",
    "landing_women": "typical women, single-leg step landing",
    "landing_men": "typical men, single-leg step landing",
    "landing_adults": "typical adults, single-leg step landing (men {landing_men_low_deg:g}-"
    "{landing_men_high_deg:g}°, women {landing_women_low_deg:g}-{landing_women_high_deg:g}°)",
}
RANGE_SOURCES = {
    "squat_pain_free_women": "herrington2014",
    "squat_pain_free_men": "ghulam2021",
    # Both sexes' sources; the women's study, which gives means and SDs, is the one named.
    "squat_pain_free_adults": "herrington2014",
    "landing_women": "herrington_munro2010",
    "landing_men": "herrington_munro2010",
    "landing_adults": "herrington_munro2010",
}
# Who each range describes, in the plain words of a result's headline.
RANGE_GROUPS = {
    "squat_pain_free_women": "pain-free women",
    "squat_pain_free_men": "pain-free men",
    "squat_pain_free_adults": "pain-free adults",
    "landing_women": "active women",
    "landing_men": "active men",
    "landing_adults": "active adults",
}
_SQUAT_NOTE = (
    "From {squat_pain_mean_deg:g}°, the average of women with patellofemoral pain in the same"
    " study, a result is similar to groups with knee pain."
)
_SEX_DIFFERENCE = (
    " Women's angles were significantly higher than men's in every task but the left-leg"
    " single-leg squat in Munro, Herrington & Carolan 2012."
)
# How each range and its "well above" value were chosen, by the analysis's note code.
RANGE_NOTES = {
    norms.SQUAT_NOTE: _SQUAT_NOTE,
    norms.SQUAT_NOTE_MALE: "The men's average is that of 45 pain-free men"
    " (Ghulam 2021); from {squat_men_pain_mean_deg:g}°, the average of the painful knee of men"
    " with patellofemoral pain in the same study, a result is similar to groups with knee pain."
    " That study's summary gives no spread, so the range is ours: the men's average ± the"
    " pain-free women's SD ({squat_sd_deg:g}°, Herrington 2014)." + _SEX_DIFFERENCE,
    norms.SQUAT_NOTE_UNSPECIFIED: "Sex was not given, so a result within either the men's or"
    " the women's range counts as within, and only from {squat_pain_mean_deg:g}°, the higher of"
    " the two knee-pain groups' averages (women, Herrington 2014; men"
    " {squat_men_pain_mean_deg:g}°, Ghulam 2021), is it similar to groups with knee pain. Giving"
    " sex makes the comparison closer." + _SEX_DIFFERENCE,
    # Stored before men had a range of their own: such a report compared a man, or a person of
    # unspecified sex, with the women's range.
    norms.SQUAT_NOTE_NOT_FEMALE: _SQUAT_NOTE + " This result was compared with the women's"
    " range, which is lenient for men." + _SEX_DIFFERENCE + " Newer results compare men with"
    " men's values (Ghulam 2021).",
    norms.LANDING_NOTE: "The app's landing is a step-off from a box onto one leg, so it is"
    " compared with the step landing of this study, not with hop or drop-jump landings. The"
    " study has no knee-pain group, so 'well above' is our threshold: {sdd_deg:.0f}° (the"
    " smallest detectable difference) above the range, beyond measurement noise. "
    + REFERENCES["munro2012"].citation,
}


def range_label(code: str) -> str:
    """Who a reference range describes, in the words of a results table."""
    return with_figures(RANGE_LABELS[code])


def range_group(code: str) -> str:
    """Who a reference range describes, in the plain words of a result's headline."""
    return RANGE_GROUPS[code]


def range_note(code: str) -> str:
    """How a reference range and its "well above" value were chosen."""
    return with_figures(RANGE_NOTES[code])
