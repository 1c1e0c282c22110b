"""Every publication the app cites: a short in-text form, the full citation and a link.

Texts cite a source as `[@key]`; `cite()` and the tests resolve every key against this registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from valgus_pwa.analysis.norms import HERRINGTON_2014, HERRINGTON_MUNRO_2010, MUNRO_2012


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
        HERRINGTON_2014,
        "https://doi.org/10.1016/j.knee.2013.11.011",
    ),
    Source(
        "herrington_munro2010",
        "Herrington & Munro 2010",
        HERRINGTON_MUNRO_2010,
        "https://doi.org/10.1016/j.ptsp.2009.11.004",
    ),
    Source("munro2012", "Munro et al. 2012", MUNRO_2012, "https://doi.org/10.1123/jsr.21.1.7"),
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
