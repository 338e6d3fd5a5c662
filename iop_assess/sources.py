"""The project's own list of sources: every rule, cut-off and resource cites one of these ids.

``docs/sources.md`` is the same list for people; a test keeps the two identical and fails when code
or a questionnaire file cites an id that is not listed. In free text (comments, YAML ``source`` and
``cutoff_source`` fields) a citation is written in square brackets, ``[asam-awm-2020 Rec II.5]``;
in code it is a :class:`Cite`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    id: str
    short: str
    """A short name for the source, e.g. "ASAM alcohol withdrawal guideline (2020)"."""
    citation: str
    """The full citation: authors, title, journal or publisher, year."""
    url: str = ""


_LIST = (
    Source(
        "asam-awm-2020",
        "ASAM alcohol withdrawal management guideline (2020)",
        "American Society of Addiction Medicine. The ASAM Clinical Practice Guideline on Alcohol "
        "Withdrawal Management. Journal of Addiction Medicine. 2020;14(3S Suppl 1):1-72.",
        "https://journals.lww.com/journaladdictionmedicine/Fulltext/2020/06001/"
        "The_ASAM_Clinical_Practice_Guideline_on_Alcohol.1.aspx",
    ),
    Source(
        "asam-oud-2020",
        "ASAM national practice guideline for opioid use disorder (2020)",
        "American Society of Addiction Medicine. The ASAM National Practice Guideline for the "
        "Treatment of Opioid Use Disorder: 2020 Focused Update. Journal of Addiction Medicine. "
        "2020;14(2S Suppl 1):1-91. doi:10.1097/ADM.0000000000000633.",
        "https://doi.org/10.1097/ADM.0000000000000633",
    ),
    Source(
        "acog-711",
        "ACOG Committee Opinion 711 (2017)",
        "American College of Obstetricians and Gynecologists. Committee Opinion No. 711: Opioid "
        "Use and Opioid Use Disorder in Pregnancy. Obstetrics & Gynecology. 2017;130(2):e81-e94.",
        "https://www.acog.org/clinical/clinical-guidance/committee-opinion/articles/2017/08/"
        "opioid-use-and-opioid-use-disorder-in-pregnancy",
    ),
    Source(
        "bzd-taper-2025",
        "Joint guideline on benzodiazepine tapering (2025)",
        "Brunner E, Chen CYA, Klein T, et al. Joint Clinical Practice Guideline on "
        "Benzodiazepine Tapering: Considerations When Risks Outweigh Benefits. Journal of General "
        "Internal Medicine. 2025. doi:10.1007/s11606-025-09499-2. (American Society of Addiction "
        "Medicine with nine other medical societies.)",
        "https://doi.org/10.1007/s11606-025-09499-2",
    ),
    Source(
        "wolf-2020",
        "Wolf et al. 2020, alcohol withdrawal in the emergency department",
        "Wolf C, Curry A, Nacht J, Simpson SA. Management of Alcohol Withdrawal in the Emergency "
        "Department: Current Perspectives. Open Access Emergency Medicine. 2020;12:53-65.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC7093658/",
    ),
    Source(
        "asam-criteria-2013",
        "The ASAM Criteria, 3rd edition (2013)",
        "Mee-Lee D, Shulman GD, Fishman MJ, Gastfriend DR, Miller MM, eds. The ASAM Criteria: "
        "Treatment Criteria for Addictive, Substance-Related, and Co-Occurring Conditions. 3rd "
        "ed. Carson City, NV: The Change Companies; 2013.",
        "https://www.asam.org/asam-criteria",
    ),
    Source(
        "asam-criteria-2023",
        "The ASAM Criteria, 4th edition (2023)",
        "American Society of Addiction Medicine. The ASAM Criteria: Treatment Criteria for "
        "Addictive, Substance-Related, and Co-Occurring Conditions. 4th ed., Volume 1: Adults. "
        "2023.",
        "https://www.asam.org/asam-criteria/4th-edition-development",
    ),
    Source(
        "asam-ppc-crosswalk",
        "ASAM adult patient placement criteria, dimensions-by-levels crosswalk",
        "American Society of Addiction Medicine. Adult Patient Placement Criteria for the "
        "Treatment of Substance-Related Disorders: crosswalk of the six dimensions against "
        "Levels I-IV (outpatient, intensive outpatient, medically monitored inpatient, medically "
        "managed inpatient).",
        "https://docest.com/doc/403702/"
        "american-society-of-addiction-medicine-adult-patient-placement-criteria-for-the-treatment",
    ),
    Source(
        "asam-guides-2023",
        "ASAM Criteria assessment guides (4th edition)",
        "American Society of Addiction Medicine. The ASAM Criteria, 4th Edition: Level of Care "
        "Assessment Guide and Assessment Interview Guide (if emergent physical or mental health "
        "needs are found, refer to an emergency department or call 911). 2023.",
        "https://www.asam.org/asam-criteria/implementation-tools/Criteria-assessment-guides",
    ),
    Source(
        "who-audit-2001",
        "WHO AUDIT manual (2001)",
        "Babor TF, Higgins-Biddle JC, Saunders JB, Monteiro MG. AUDIT: The Alcohol Use Disorders "
        "Identification Test. Guidelines for Use in Primary Care. 2nd ed. Geneva: World Health "
        "Organization; 2001 (WHO/MSD/MSB/01.6a).",
        "https://www.who.int/publications/i/item/WHO-MSD-MSB-01.6a",
    ),
    Source(
        "who-audit-es-2001",
        "WHO AUDIT manual in Spanish (2001)",
        "Babor TF, Higgins-Biddle JC, Saunders JB, Monteiro MG. AUDIT. Cuestionario de "
        "Identificación de los Trastornos debidos al Consumo de Alcohol. Pautas para su "
        "utilización en Atención Primaria. Organización Mundial de la Salud, Departamento de Salud "
        "Mental y Dependencia de Sustancias; Spanish edition: Generalitat Valenciana, Conselleria "
        "de Benestar Social; 2001 (WHO/MSD/MSB/01.6a). Same terms as the English manual: free to "
        "reproduce and translate, not for sale or commercial use.",
    ),
    Source(
        "bush-1998",
        "Bush et al. 1998, AUDIT-C",
        "Bush K, Kivlahan DR, McDonell MB, Fihn SD, Bradley KA. The AUDIT alcohol consumption "
        "questions (AUDIT-C): an effective brief screening test for problem drinking. Archives "
        "of Internal Medicine. 1998;158(16):1789-1795.",
    ),
    Source(
        "bradley-2003",
        "Bradley et al. 2003, AUDIT-C in women",
        "Bradley KA, Bush KR, Epler AJ, et al. Two brief alcohol-screening tests from the "
        "Alcohol Use Disorders Identification Test (AUDIT): validation in a female Veterans "
        "Affairs patient population. Archives of Internal Medicine. 2003;163(7):821-829.",
    ),
    Source(
        "niaaa-standard-drink",
        "NIAAA: what is a standard drink (US)",
        "National Institute on Alcohol Abuse and Alcoholism. What Is A Standard Drink? In the "
        "United States one standard drink contains about 14 grams of pure alcohol: 12 ounces of "
        "regular beer (about 5% alcohol), 5 ounces of wine (about 12%) or 1.5 ounces of "
        "distilled spirits (about 40%).",
        "https://www.niaaa.nih.gov/alcohols-effects-health/overview-alcohol-consumption/"
        "what-standard-drink",
    ),
    Source(
        "skinner-1982",
        "Skinner 1982, Drug Abuse Screening Test",
        "Skinner HA. The Drug Abuse Screening Test. Addictive Behaviors. 1982;7(4):363-371.",
    ),
    Source(
        "marel-2016",
        "Australian comorbidity guidelines (2016), DAST-10 scoring",
        "Marel C, et al. Guidelines on the Management of Co-occurring Alcohol and Other Drug and "
        "Mental Health Conditions in Alcohol and Other Drug Treatment Settings. 2nd ed. Sydney: "
        "National Drug and Alcohol Research Centre, University of New South Wales; 2016. "
        "Appendix W: DAST-10 scoring and interpretation (Table 69).",
        "https://comorbidityguidelines.org.au/appendix-w-drug-abuse-screening-test-dast10/"
        "dast10-scoring-and-interpretation",
    ),
    Source(
        "kroenke-2001",
        "Kroenke et al. 2001, PHQ-9",
        "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity "
        "measure. Journal of General Internal Medicine. 2001;16(9):606-613.",
    ),
    Source(
        "kroenke-2003",
        "Kroenke et al. 2003, PHQ-2",
        "Kroenke K, Spitzer RL, Williams JBW. The Patient Health Questionnaire-2: validity of a "
        "two-item depression screener. Medical Care. 2003;41(11):1284-1292.",
    ),
    Source(
        "pfizer-phq9-es",
        "PHQ-9 in Spanish for the USA (Pfizer)",
        "Spitzer RL, Williams JBW, Kroenke K, et al. Cuestionario sobre la salud del paciente-9 "
        '(PHQ-9), Spanish for the USA. Pfizer Inc. (PHQ Screeners); form footer: "No se '
        'requiere permiso para reproducir, traducir, presentar o distribuir." Wording read from '
        "a copy of the form hosted by the Oncology Nursing Society and matched against a second, "
        "independent copy.",
        "https://www.phqscreeners.com",
    ),
    Source(
        "arroll-2010",
        "Arroll et al. 2010, PHQ-2 and PHQ-9 in primary care",
        "Arroll B, Goodyear-Smith F, Crengle S, et al. Validation of PHQ-2 and PHQ-9 to screen "
        "for major depression in the primary care population. Annals of Family Medicine. "
        "2010;8(4):348-353.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC2906530/",
    ),
    Source(
        "levis-2020",
        "Levis et al. 2020, PHQ-2 followed by the PHQ-9",
        "Levis B, Sun Y, He C, et al. Accuracy of the PHQ-2 Alone and in Combination With the "
        "PHQ-9 for Screening to Detect Major Depression: Systematic Review and Meta-analysis. "
        "JAMA. 2020;323(22):2290-2300.",
        "https://doi.org/10.1001/jama.2020.6504",
    ),
    Source(
        "spitzer-2006",
        "Spitzer et al. 2006, GAD-7",
        "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized "
        "anxiety disorder: the GAD-7. Archives of Internal Medicine. 2006;166(10):1092-1097.",
    ),
    Source(
        "pfizer-gad7-es",
        "GAD-7 in Spanish for the USA (Pfizer), not yet checked against the form",
        "Spitzer RL, Kroenke K, Williams JBW, Löwe B. GAD-7, Spanish for the USA. Pfizer Inc. "
        "(PHQ Screeners); no permission required to reproduce, translate, display or "
        "distribute. The wording used here appears identically in two unrelated public copies "
        "and matches the register of the PHQ-9 Spanish (USA) form; it has not yet been checked "
        "against Pfizer's Spanish (USA) GAD-7 form, so it is marked unverified.",
        "https://www.phqscreeners.com",
    ),
    Source(
        "kroenke-2007",
        "Kroenke et al. 2007, GAD-2",
        "Kroenke K, Spitzer RL, Williams JBW, Monahan PO, Löwe B. Anxiety disorders in primary "
        "care: prevalence, impairment, comorbidity, and detection. Annals of Internal Medicine. "
        "2007;146(5):317-325.",
    ),
    Source(
        "plummer-2016",
        "Plummer et al. 2016, GAD-7 and GAD-2 meta-analysis",
        "Plummer F, Manea L, Trepel D, McMillan D. Screening for anxiety disorders with the GAD-7 "
        "and GAD-2: a systematic review and diagnostic metaanalysis. General Hospital Psychiatry. "
        "2016;39:24-31.",
    ),
    Source(
        "morgan-1999",
        "Morgan et al. 1999, SCOFF",
        "Morgan JF, Reid F, Lacey JH. The SCOFF questionnaire: assessment of a new screening "
        "tool for eating disorders. BMJ. 1999;319(7223):1467-1468.",
    ),
    Source(
        "simon-2013",
        "Simon et al. 2013, PHQ-9 item 9 and later suicide attempts",
        "Simon GE, Rutter CM, Peterson D, et al. Does response on the PHQ-9 Depression "
        "Questionnaire predict subsequent suicide attempt or suicide death? Psychiatric Services. "
        "2013;64(12):1195-1202.",
        "https://psychiatryonline.org/doi/full/10.1176/appi.ps.201200587",
    ),
    Source(
        "posner-2011",
        "Posner et al. 2011, Columbia Suicide Severity Rating Scale",
        "Posner K, Brown GK, Stanley B, et al. The Columbia-Suicide Severity Rating Scale: "
        "initial validity and internal consistency findings from three multisite studies with "
        "adolescents and adults. American Journal of Psychiatry. 2011;168(12):1266-1277.",
    ),
    Source(
        "cssrs-triage",
        "Columbia Protocol triage",
        "The Columbia Lighthouse Project. Columbia Protocol (C-SSRS): triage and risk "
        "identification. Columbia University Irving Medical Center.",
        "https://cssrs.columbia.edu/the-columbia-scale-c-ssrs/triage-c-ssrs/",
    ),
    Source(
        "apa-aud-2018",
        "APA guideline on medicines for alcohol use disorder (2018)",
        "Reus VI, Fochtmann LJ, Bukstein O, et al. The American Psychiatric Association Practice "
        "Guideline for the Pharmacological Treatment of Patients With Alcohol Use Disorder. "
        "American Journal of Psychiatry. 2018;175(1):86-90.",
        "https://doi.org/10.1176/appi.ajp.2017.1750101",
    ),
    Source(
        "fda-naloxone-2023",
        "FDA approval of over-the-counter naloxone (2023)",
        "U.S. Food and Drug Administration. FDA Approves First Over-the-Counter Naloxone Nasal "
        "Spray. News release, March 29, 2023.",
        "https://www.fda.gov/news-events/press-announcements/"
        "fda-approves-first-over-counter-naloxone-nasal-spray",
    ),
    Source(
        "lifeline-988",
        "988 Suicide & Crisis Lifeline",
        "Substance Abuse and Mental Health Services Administration. 988 Suicide & Crisis "
        "Lifeline: call or text 988, or chat at 988lifeline.org; free, confidential, 24/7 "
        "(nationwide since July 16, 2022).",
        "https://988lifeline.org",
    ),
    Source(
        "lifeline-988-es",
        "988 Lifeline in Spanish",
        "988 Suicide & Crisis Lifeline: Spanish-language service. Call 988 and press 2 for "
        "Spanish, or text AYUDA to 988; Spanish text and chat available nationwide since July "
        "13, 2023 (U.S. Department of Health and Human Services announcement).",
        "https://988lifeline.org/get-help/what-to-expect/",
    ),
    Source(
        "samhsa-helpline",
        "SAMHSA National Helpline",
        "Substance Abuse and Mental Health Services Administration. SAMHSA's National Helpline, "
        "1-800-662-HELP (4357): free, confidential treatment referral and information, 24/7, "
        "in English and Spanish.",
        "https://www.samhsa.gov/find-help/national-helpline",
    ),
    Source(
        "findtreatment-gov",
        "FindTreatment.gov",
        "Substance Abuse and Mental Health Services Administration. FindTreatment.gov: a "
        "confidential and anonymous locator of state-licensed treatment facilities, with filters "
        "for payment, setting and medication for opioid use.",
        "https://findtreatment.gov",
    ),
    Source(
        "dv-hotline",
        "National Domestic Violence Hotline",
        "The National Domestic Violence Hotline: call 1-800-799-7233 or text START to 88788; "
        "free and confidential, 24/7.",
        "https://www.thehotline.org",
    ),
    Source(
        "dial-211",
        "211 (local help with housing and basic needs)",
        "United Way Worldwide. 211: free, confidential referral to local help with housing, "
        "food, utilities and other basic needs in the United States; call 211.",
        "https://www.211.org",
    ),
    Source(
        "dol-fmla",
        "Family and Medical Leave Act (US Department of Labor)",
        "U.S. Department of Labor, Wage and Hour Division. Family and Medical Leave Act (FMLA): "
        "job-protected leave for a serious health condition, including treatment for substance "
        "use.",
        "https://www.dol.gov/agencies/whd/fmla",
    ),
    Source(
        "mha-screening",
        "Mental Health America screening",
        "Mental Health America. About MHA Screening (a screen is not a diagnosis; bring the "
        "results to a doctor or mental health provider).",
        "https://screening.mhanational.org/about-mha-screening/",
    ),
    Source(
        "hl7-fhir-r4",
        "HL7 FHIR Release 4",
        "Health Level Seven International. FHIR Release 4 (4.0.1): Questionnaire, "
        "QuestionnaireResponse, Observation and Bundle resources; Structured Data Capture "
        "extensions ordinalValue and itemWeight. 2019.",
        "https://hl7.org/fhir/R4/",
    ),
    Source(
        "regenstrief-loinc",
        "LOINC (Regenstrief Institute)",
        "Regenstrief Institute. LOINC, the international standard for identifying health "
        "measurements, observations and documents: panel, item, answer and total-score codes for "
        "the PHQ-9 (44249-1, total 44261-6), GAD-7 (69737-5, total 70274-6), AUDIT (72110-0, total "
        "75624-7), AUDIT-C (72109-2, total 75626-2) and DAST-10 (82666-9, total 82667-7). Used "
        "under the LOINC licence.",
        "https://loinc.org",
    ),
    Source(
        "hl7-us-core",
        "HL7 US Core Implementation Guide",
        "HL7 International. US Core Implementation Guide: PHQ-9 Questionnaire and "
        "QuestionnaireResponse examples (item codes 44250-9 to 44260-8; answer codes LA6568-5 to "
        "LA6571-9). CC0-1.0. 2024.",
        "https://hl7.org/fhir/us/core/",
    ),
    Source(
        "fernandez-huerta-1959",
        "Fernández Huerta 1959, Spanish reading ease",
        "Fernández Huerta J. Medidas sencillas de lecturabilidad. Consigna. 1959;214:29-32. "
        "Reading ease of Spanish text from syllables per word and words per sentence; 90-100 "
        "very easy (about 4th grade), 80-90 easy (5th), 70-80 fairly easy (6th), 60-70 normal "
        "(7th-8th).",
        "https://legible.es/blog/lecturabilidad-fernandez-huerta/",
    ),
    Source(
        "inflesz-2008",
        "INFLESZ scale (Barrio-Cantalejo et al. 2008)",
        "Barrio-Cantalejo IM, Simón-Lorda P, Melguizo M, Escalona I, Marijuán MI, Hernando P. "
        "Validación de la Escala INFLESZ para evaluar la legibilidad de los textos dirigidos a "
        "pacientes. Anales del Sistema Sanitario de Navarra. 2008;31(2):135-152. Reads the "
        "Szigriszt-Pazos perspicuity score: 80-100 very easy, 65-80 fairly easy, 55-65 normal, "
        "40-55 somewhat difficult, below 40 very difficult.",
        "https://scielo.isciii.es/scielo.php?pid=S1137-66272008000300004&script=sci_arttext",
    ),
)

SOURCES: dict[str, Source] = {source.id: source for source in _LIST}
"""Every source, by id, in the order of ``docs/sources.md``."""


@dataclass(frozen=True)
class Cite:
    """A citation: a source id and where in it (a recommendation, table or page)."""

    id: str
    where: str = ""

    def __post_init__(self) -> None:
        if self.id not in SOURCES:
            raise KeyError(f"unknown source id {self.id!r}; add it to iop_assess/sources.py")

    @property
    def source(self) -> Source:
        return SOURCES[self.id]

    def __str__(self) -> str:
        """The short form used in results: ``asam-awm-2020 Rec II.5``."""
        return f"{self.id} {self.where}".strip()

    def long(self) -> str:
        """The source named in full, with the place in it: for ``iop-assess explain``."""
        where = f"{self.where}, in: " if self.where else ""
        return f"{where}{self.source.citation}"


def cite(source_id: str, where: str = "") -> Cite:
    return Cite(source_id, where)


def short(cites: tuple[Cite, ...]) -> str:
    """Citations in their short form, joined: ``asam-awm-2020 Rec II.5; wolf-2020 Table 3``."""
    return "; ".join(str(c) for c in cites)


def markdown() -> str:
    """``docs/sources.md``: the list for people, generated from :data:`SOURCES`."""
    lines = [
        "# Sources",
        "",
        "Every rule, cut-off and resource in iop-assess cites one of these sources by its id, "
        "with a place in it where that helps (`asam-awm-2020 Rec II.5`). `iop-assess explain` "
        "names each source in full. In questionnaire files and comments a citation is written "
        "in square brackets, like `[who-audit-2001]`.",
        "",
        "This file is generated from `iop_assess/sources.py`; a test keeps the two the same and "
        "fails when anything cites an id that is not listed here.",
        "",
    ]
    for source in _LIST:
        link = f" <{source.url}>" if source.url else ""
        lines.append(f"- `{source.id}` — {source.citation}{link}")
    return "\n".join(lines) + "\n"
