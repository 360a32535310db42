//! The terms of the public vocabulary (`ontology/casegraph.ttl`).

use oxigraph::model::NamedNodeRef;

pub const CG: &str = "https://w3id.org/casegraph/ontology#";
pub const CGS: &str = "https://w3id.org/casegraph/sector/";
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/casegraph/ontology";
pub const DEFAULT_BASE: &str = "https://w3id.org/casegraph/id/";

/// Prefixes used by exports and shown in saved queries.
pub const PREFIXES: &[(&str, &str)] = &[
    ("cg", CG),
    ("cgs", CGS),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

macro_rules! terms {
    ($ns:literal; $($name:ident = $local:literal),* $(,)?) => {
        $(pub const $name: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(concat!($ns, $local));)*
    };
}

terms!("https://w3id.org/casegraph/ontology#";
    SOURCE_DOCUMENT = "SourceDocument", CASE = "Case", MEASURE = "Measure", OUTCOME = "Outcome",
    NEXT_STEP = "NextStep", INDICATOR = "Indicator", TEXT_SPAN = "TextSpan", SECTOR_EVIDENCE = "SectorEvidence",
    PROVINCE = "Province", CITY = "City", SAR = "SpecialAdministrativeRegion", DISTRICT = "District",
    COUNTRY = "Country", REGION = "Region", ORGANIZATION = "Organization", GOVERNMENT_BODY = "GovernmentBody",
    EXCHANGE = "Exchange", FINANCIAL_INSTITUTION = "FinancialInstitution", ENTERPRISE = "Enterprise",
    RESEARCH_INSTITUTION = "ResearchInstitution", JUDICIAL_BODY = "JudicialBody", ASSOCIATION = "Association",
    INTERNATIONAL_ORGANIZATION = "InternationalOrganization", PLATFORM = "Platform",
    POLICY_DOCUMENT = "PolicyDocument", CREATIVE_WORK = "CreativeWork",
    SHA256 = "sha256", FILE_NAME = "fileName", CASE_NUMBER = "caseNumber", IN_DOCUMENT = "inDocument",
    PROVIDED_BY = "providedBy", PROVIDER_TEXT = "providerText", POLICY_BASIS = "policyBasis",
    POLICY_BASIS_SOURCE = "policyBasisSource", TITLE_SOURCE = "titleSource",
    HAS_MEASURE = "hasMeasure", HAS_OUTCOME = "hasOutcome", HAS_NEXT_STEP = "hasNextStep", ORDINAL = "ordinal",
    TEXT = "text", MENTIONS = "mentions", LOCATED_IN = "locatedIn", ADCODE = "adcode", ISO3166 = "iso3166",
    LATITUDE = "latitude", LONGITUDE = "longitude",
    HAS_INDICATOR = "hasIndicator", VALUE = "value", UNIT = "unit", QUALIFIER = "qualifier",
    NORMALIZED_VALUE = "normalizedValue", NORMALIZED_UNIT = "normalizedUnit", REF_DATE = "refDate", SENTENCE = "sentence", DATE = "date",
    SECTOR = "sector", SECTOR_EVIDENCE_PROP = "sectorEvidence", CONCEPT = "concept", KEYWORD = "keyword",
    OCCURRENCES = "occurrences", SCORE = "score",
    START_LINE = "startLine", END_LINE = "endLine", START_CHAR = "startChar", END_CHAR = "endChar",
    BYTE_SIZE = "byteSize", CASE_COUNT = "caseCount", GENERATOR_VERSION = "generatorVersion",
    PIPELINE_FINGERPRINT = "pipelineFingerprint", ENTITY_STATEMENT = "entityStatement",
    CASES_MENTIONING = "casesMentioning", CASES_IN_SECTOR = "casesInSector", PROVIDER_MENTIONS = "ProviderMentions",
    PROVIDER = "provider", MENTIONED = "mentioned", COUNTS_GRAPH = "countsGraph",
    FIGURES_OF_UNIT = "FiguresOfUnit", FIGURE_UNIT = "figureUnit", FIGURE_COUNT = "figureCount",
    STATISTICS_VERSION = "statisticsVersion",
);

terms!("http://purl.org/dc/terms/"; DCT_TITLE = "title");
terms!("http://www.w3.org/2000/01/rdf-schema#"; RDFS_LABEL = "label");
terms!("http://www.w3.org/2004/02/skos/core#"; SKOS_ALT_LABEL = "altLabel");
terms!("http://www.w3.org/ns/prov#"; PROV_WAS_DERIVED_FROM = "wasDerivedFrom");
