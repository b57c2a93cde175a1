"""The fixture iso.org site as data: the one source of the fixture HTML (and of the tests' answers about it).

Two dated states of a small copy of iso.org, `2026-10-01` and `2026-11-01`.
`render.py` writes their pages; the tests' oracle (tests/fixture_oracle.py) says, from this data alone
(never by parsing HTML), which records a complete crawl must produce. The oracle is not shipped.

What is real and what is made up:
- ids, references, acronyms, creation years, secretariats and P/O member lists
  of the ISO/TC and JTC committees come from ISO Open Data (2025-08-13 dump),
  less a few member bodies whose country could not be confirmed;
- ISO/CASCO's officers (state 1), subgroups and counters follow
  shared/iso-site/NOTES.md §3; its P/O members are real member bodies chosen
  to match its published counts (95 P, 49 O);
- organization ids are ISO Open Data's; member-body names, countries,
  websites and addresses are written from public knowledge and may lag reality;
- ISO/CASCO's vice-chair is invented, so that its page shows the chair and
  vice-chair in one list item as NOTES §2.1 describes;
- other committees' officers, scopes, counts (JTC 1/SC 27's 1,041 standards
  give the site a counter with a thousands separator), statuses (ISO/TC 272 on
  standby) and subgroups, the liaison categories, and every change in
  `2026-11-01` are invented for the tests;
- IEC/ISO JTC 3's liaison with CASCO is invented so that the site has a
  committee with an empty observing-members table (JTC 3 really has none);
- ISO/CASCO's work programme (`CASCO_WORK_PROGRAMME`) has its published counters
  (37 published, 6 under development); the references and titles are CASCO's
  real ISO/IEC 17000-series documents, but ids (other than ISO/IEC 17025:2017's
  66912 and 17025:2005's 39883), stages, page counts and projects are invented;
  the other committees' catalogues are empty and their standards counters 0, so
  that a crawl of them stays a few pages long.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

STATES = ("2026-10-01", "2026-11-01")
CASCO_ID = 54998
TC_176_ID = 53882


@dataclass(frozen=True)
class MemberBodyData:
    member_id: int
    acronym: str
    country: str
    membership_type: str
    name: str | None = None
    website: str | None = None
    address: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrganizationData:
    organization_id: int
    acronym: str
    name: str
    country: str | None = None


@dataclass(frozen=True)
class OfficerData:
    role: str
    name: str
    term: str | None = None


@dataclass(frozen=True)
class SubgroupData:
    reference: str
    title: str
    type: str
    subgroup_id: int | None = None


@dataclass(frozen=True)
class CommitteeData:
    committee_id: int
    reference: str
    title: str
    created: int
    scope: tuple[str, ...]
    secretariat_id: int | None
    """None: the ISO Central Secretariat, which is no member body."""
    published_standards: int
    standards_under_development: int
    officers: tuple[OfficerData, ...]
    subgroups: tuple[SubgroupData, ...]
    p_members: tuple[int, ...]
    o_members: tuple[int, ...]
    organization_liaisons: tuple[tuple[int, str], ...] = ()
    """(organization id, category A/B/C)"""
    parent_id: int | None = None
    status: str = "active"


@dataclass(frozen=True)
class DeliverableData:
    deliverable_id: int
    reference: str
    title: str
    status: str
    stage: str
    edition: int | None = None
    pages: int | None = None
    published: str | None = None
    """YYYY-MM, as the standard page shows it."""
    replaces: tuple[int, ...] = ()


@dataclass(frozen=True)
class SiteState:
    committees: dict[int, CommitteeData]
    member_bodies: dict[int, MemberBodyData]
    organizations: dict[int, OrganizationData]
    document_access: frozenset[tuple[int, int]]
    """(reader, owner): the reader is a "Liaison Committee to" the owner, the owner one "from" the reader."""
    work_programmes: dict[int, tuple[DeliverableData, ...]]
    """Each committee's documents, as its catalogue lists them (a committee absent here has an empty catalogue)."""

    def work_programme(self, committee_id: int) -> tuple[DeliverableData, ...]:
        return self.work_programmes.get(committee_id, ())

    def replaced_by(self, deliverable_id: int) -> tuple[int, ...]:
        """The documents that name this one under "Previously": the inverse of `replaces`."""
        return tuple(sorted(
            d.deliverable_id for documents in self.work_programmes.values() for d in documents if deliverable_id in d.replaces
        ))

    def liaisons_to(self, committee_id: int) -> list[int]:
        return sorted(reader for reader, owner in self.document_access if owner == committee_id)

    def liaisons_from(self, committee_id: int) -> list[int]:
        return sorted(owner for reader, owner in self.document_access if reader == committee_id)

    def liaison_committees(self, committee_id: int) -> set[int]:
        return {*self.liaisons_to(committee_id), *self.liaisons_from(committee_id)}

    def members_of(self, committee_ids: Iterable[int]) -> list[int]:
        return sorted({m for c in committee_ids for m in (*self.committees[c].p_members, *self.committees[c].o_members)})

    def organizations_of(self, committee_ids: Iterable[int]) -> list[int]:
        return sorted({org for c in committee_ids for org, _ in self.committees[c].organization_liaisons})

    def committees_in_liaison_with(self, organization_id: int) -> list[tuple[int, str]]:
        return [
            (committee.committee_id, category)
            for committee in self.committees.values()
            for org, category in committee.organization_liaisons
            if org == organization_id
        ]


_MEMBER_BODY_TABLE = """
513271 | ANSA | Afghanistan | member_body | Afghan National Standards Authority
1495 | DPS | Albania | member_body | General Directorate of Standardization
1499 | IANOR | Algeria | member_body | Institut Algérien de Normalisation
1520 | IRAM | Argentina | member_body | Instituto Argentino de Normalización y Certificación | https://www.iram.org.ar
1489 | ARMSTANDARD | Armenia | member_body | National Institute of Standards
1524 | SA | Australia | member_body | Standards Australia | https://www.standards.org.au
1529 | ASI | Austria | member_body | Austrian Standards International | https://www.austrian-standards.at
1690 | AZSTAND | Azerbaijan | member_body | Azerbaijan Standardization Institute
4959889 | BBSQ | Bahamas | correspondent_member | Bahamas Bureau of Standards and Quality
1533 | BTMD | Bahrain | member_body | Bahrain Standards and Metrology Directorate
1537 | BSTI | Bangladesh | member_body | Bangladesh Standards and Testing Institution
1549 | BNSI | Barbados | member_body | Barbados National Standards Institution
1555 | BELST | Belarus | member_body | State Committee for Standardization of the Republic of Belarus
1561 | NBN | Belgium | member_body | Bureau de Normalisation | https://www.nbn.be
374819 | BSB | Bhutan | correspondent_member | Bureau of Standards, Bhutan
1565 | IBNORCA | Bolivia | member_body | Instituto Boliviano de Normalización y Calidad
1603 | ISBIH | Bosnia and Herzegovina | member_body | Institute for Standardization of Bosnia and Herzegovina
1753 | BOBS | Botswana | member_body | Botswana Bureau of Standards | https://www.bobstandards.bw
1579 | ABNT | Brazil | member_body | Associação Brasileira de Normas Técnicas | https://www.abnt.org.br
1597 | BDS | Bulgaria | member_body | Bulgarian Institute for Standardization | https://www.bds-bg.org
269997 | ABNORM | Burkina Faso | correspondent_member | Agence burkinabè de normalisation, de la métrologie et de la qualité
1901 | ISC | Cambodia | correspondent_member | Institute of Standards of Cambodia
1623 | ANOR | Cameroon | member_body | Agence des Normes et de la Qualité | https://www.anorcameroun.cm
1619 | SCC | Canada | member_body | Standards Council of Canada | https://www.scc.ca
8042280 | ATNOR | Chad | correspondent_member | Agence Tchadienne de Normalisation
1629 | INN | Chile | member_body | Instituto Nacional de Normalización | https://www.inn.cl
1635 | SAC | China | member_body | Standardization Administration of the People's Republic of China | https://www.sac.gov.cn
1644 | ICONTEC | Colombia | member_body | Instituto Colombiano de Normas Técnicas y Certificación | https://www.icontec.org
1667 | INTECO | Costa Rica | member_body | Instituto de Normas Técnicas de Costa Rica
1680 | HZN | Croatia | member_body | Croatian Standards Institute
1684 | NC | Cuba | member_body | Oficina Nacional de Normalización
1640 | CYS | Cyprus | member_body | Cyprus Organization for Standardisation | https://www.cys.org.cy
2133 | UNMZ | Czech Republic | member_body | Czech Office for Standards, Metrology and Testing
1674 | CODINORM | Côte d'Ivoire | member_body | Côte d'Ivoire Normalisation
1657 | CSK | Democratic People's Republic of Korea | member_body | Committee for Standardization of the Democratic People's Republic of Korea
1696 | DS | Denmark | member_body | Dansk Standard | https://www.ds.dk
1575 | INDOCAL | Dominican Republic | member_body | Instituto Dominicano para la Calidad
1711 | INEN | Ecuador | member_body | Servicio Ecuatoriano de Normalización
1700 | EOS | Egypt | member_body | Egyptian Organization for Standardization and Quality
308796 | OSN | El Salvador | member_body | Organismo Salvadoreño de Normalización
1721 | EVS | Estonia | member_body | Estonian Centre for Standardisation and Accreditation | https://www.evs.ee
304927 | SWASA | Eswatini | member_body | Eswatini Standards Authority
318778 | ESI | Ethiopia | member_body | Ethiopian Standards Institute
1742 | DNTMS | Fiji | correspondent_member | Department of National Trade Measurement and Standards
1734 | SFS | Finland | member_body | Finnish Standards Association SFS | https://www.sfs.fi
1738 | AFNOR | France | member_body | Association Française de Normalisation | https://www.afnor.org
576505 | TGSB | Gambia | correspondent_member | The Gambia Standards Bureau
1950 | GEOSTM | Georgia | member_body | Georgian National Agency for Standards and Metrology
1511 | DIN | Germany | member_body | Deutsches Institut für Normung | https://www.din.de
1747 | GSA | Ghana | member_body | Ghana Standards Authority | https://www.gsa.gov.gh
1759 | NQIS ELOT | Greece | member_body | Hellenic Organization for Standardization
1615 | COGUANOR | Guatemala | member_body | Comisión Guatemalteca de Normas
1860 | GNBS | Guyana | member_body | Guyana National Bureau of Standards
5304435 | BHN | Haiti | member_body | Bureau Haïtien de Normalisation
251461 | OHN | Honduras | correspondent_member | Organismo Hondureño de Normalización
1770 | ITCHKSAR | Hong Kong, China | correspondent_member | Innovation and Technology Commission
1784 | MSZT | Hungary | member_body | Hungarian Standards Institution
1788 | IST | Iceland | member_body | Icelandic Standards | https://www.stadlar.is
1794 | BIS | India | member_body | Bureau of Indian Standards | https://www.bis.gov.in
1798 | BSN | Indonesia | member_body | Badan Standardisasi Nasional | https://www.bsn.go.id
1803 | INSO | Iran, Islamic Republic of | member_body | Iranian National Standards Organization
308857 | COSQC | Iraq | member_body | Central Organization for Standardization and Quality Control
1815 | NSAI | Ireland | member_body | National Standards Authority of Ireland | https://www.nsai.ie
1819 | SII | Israel | member_body | Standards Institution of Israel | https://www.sii.org.il
1823 | UNI | Italy | member_body | Ente Italiano di Normazione | https://www.uni.com
1827 | BSJ | Jamaica | member_body | Bureau of Standards Jamaica | https://www.bsj.org.jm
1835 | JISC | Japan | member_body | Japanese Industrial Standards Committee | https://www.jisc.go.jp
1844 | JSMO | Jordan | member_body | Jordan Standards and Metrology Organization
1848 | CTRM | Kazakhstan | member_body | Committee for Technical Regulation and Metrology
1854 | KEBS | Kenya | member_body | Kenya Bureau of Standards | https://www.kebs.org
1663 | KATS | Korea, Republic of | member_body | Korean Agency for Technology and Standards
1864 | KOWSMD | Kuwait | member_body | Public Authority for Industry, Standards and Industrial Services Affairs
1880 | KYRGYZST | Kyrgyzstan | member_body | Centre for Standardization and Metrology
537437 | DOSM | Lao People's Democratic Republic | correspondent_member | Department of Standards and Metrology
1886 | LVS | Latvia | member_body | Latvian Standard Ltd.
1873 | LIBNOR | Lebanon | member_body | Lebanese Standards Institution
308886 | LSI | Lesotho | correspondent_member | Lesotho Standards Institution
1890 | LNCSM | Libya | member_body | Libyan National Centre for Standardization and Metrology
1897 | LST | Lithuania | member_body | Lithuanian Standards Board
1776 | ILNAS | Luxembourg | member_body | Institut Luxembourgeois de la Normalisation, de l'Accréditation, de la Sécurité et qualité des produits et services
295409 | CPTTM | Macao, China | correspondent_member | Macao Productivity and Technology Transfer Center
1921 | MBS | Malawi | member_body | Malawi Bureau of Standards
1911 | DSM | Malaysia | member_body | Department of Standards Malaysia | https://www.jsm.gov.my
1915 | AMANORM | Mali | member_body | Agence Malienne de Normalisation et de Promotion de la Qualité
1927 | MCCAA | Malta | member_body | The Malta Competition and Consumer Affairs Authority
1944 | MSB | Mauritius | member_body | Mauritius Standards Bureau
1954 | DGN | Mexico | member_body | Dirección General de Normas
1938 | ISM | Moldova, Republic of | member_body | Institutul de Standardizare din Moldova
1965 | MASM | Mongolia | member_body | Mongolian Agency for Standardization and Metrology
547395 | ISME | Montenegro | member_body | Institute for Standardization of Montenegro
1931 | IMANOR | Morocco | member_body | Institut Marocain de Normalisation
1978 | INNOQ | Mozambique | member_body | Instituto Nacional de Normalização e Qualidade
1569 | NSI | Namibia | member_body | Namibian Standards Institution
1988 | NBSM | Nepal | member_body | Nepal Bureau of Standards and Metrology
2027 | NEN | Netherlands | member_body | Royal Netherlands Standardization Institute | https://www.nen.nl
1998 | NZSO | New Zealand | member_body | Standards New Zealand | https://www.standards.govt.nz
1982 | SON | Nigeria | member_body | Standards Organisation of Nigeria
1994 | SN | Norway | member_body | Standards Norway | https://www.standard.no
2007 | DGSM | Oman | member_body | Directorate General for Specifications and Measurements
2017 | PSQCA | Pakistan | member_body | Pakistan Standards and Quality Control Authority
258872 | PSI | Palestine, State of | correspondent_member | Palestine Standards Institution
2031 | DGNTI | Panama | member_body | Dirección General de Normas y Tecnología Industrial
2021 | NISIT | Papua New Guinea | correspondent_member | National Institute of Standards and Industrial Technology
2036 | INACAL | Peru | member_body | Instituto Nacional de Calidad
2041 | BPS | Philippines | member_body | Bureau of Philippine Standards
2045 | PKN | Poland | member_body | Polish Committee for Standardization | https://www.pkn.pl
2054 | IPQ | Portugal | member_body | Instituto Português da Qualidade
2049 | QS | Qatar | member_body | Qatar General Organization for Standards and Metrology
2058 | ASRO | Romania | member_body | Asociaţia de Standardizare din România | https://www.asro.ro
2176 | GOST R | Russian Federation | member_body | Federal Agency on Technical Regulating and Metrology
288025 | RSB | Rwanda | member_body | Rwanda Standards Board | https://www.rsb.gov.rw
6201376 | SKNBS | Saint Kitts and Nevis | correspondent_member | Saint Kitts and Nevis Bureau of Standards
1840 | SLBS | Saint Lucia | member_body | Saint Lucia Bureau of Standards
1516 | SASO | Saudi Arabia | member_body | Saudi Standards, Metrology and Quality Organization | https://www.saso.gov.sa
2068 | ASN | Senegal | member_body | Association Sénégalaise de Normalisation
2209 | ISS | Serbia | member_body | Institute for Standardization of Serbia
2084 | SBS | Seychelles | member_body | Seychelles Bureau of Standards
576517 | SLSB | Sierra Leone | correspondent_member | Sierra Leone Standards Bureau
2074 | SSC | Singapore | member_body | Singapore Standards Council
2110 | UNMS SR | Slovakia | member_body | Slovak Office of Standards, Metrology and Testing
299538 | SIST | Slovenia | member_body | Slovenian Institute for Standardization
8867946 | SoBS | Somalia | correspondent_member | Somali Bureau of Standards
1485 | SABS | South Africa | member_body | South African Bureau of Standards | https://www.sabs.co.za
1717 | UNE | Spain | member_body | Asociación Española de Normalización | https://www.une.org
2091 | SLSI | Sri Lanka | member_body | Sri Lanka Standards Institution
2078 | SSMO | Sudan | member_body | Sudanese Standards and Metrology Organization
2101 | SIS | Sweden | member_body | Swedish Institute for Standards | https://www.sis.se
2106 | SNV | Switzerland | member_body | Swiss Association for Standardization | https://www.snv.ch
2116 | SASMO | Syrian Arab Republic | member_body | Syrian Arab Organization for Standardization and Metrology
371281 | TAJIKSTANDARD | Tajikistan | member_body | Agency on Standardization, Metrology, Certification and Trade Inspection
2120 | TBS | Tanzania, United Republic of | member_body | Tanzania Bureau of Standards | https://www.tbs.go.tz
2139 | TISI | Thailand | member_body | Thai Industrial Standards Institute
2143 | ATN | Togo | member_body | Agence Togolaise de Normalisation
2149 | TTBS | Trinidad and Tobago | member_body | Trinidad and Tobago Bureau of Standards
2158 | INNORPI | Tunisia | member_body | Institut National de la Normalisation et de la Propriété Industrielle
2162 | MSST | Turkmenistan | correspondent_member | Main State Service "Turkmenstandartlary"
2168 | TSE | Türkiye | member_body | Turkish Standards Institution | https://www.tse.org.tr
308866 | UNBS | Uganda | member_body | Uganda National Bureau of Standards | https://www.unbs.go.ug
2172 | SE UkrNDNC | Ukraine | member_body | State Enterprise "Ukrainian Research and Training Center of Standardization, Certification and Quality"
1704 | MoIAT-STR | United Arab Emirates | member_body | Ministry of Industry and Advanced Technology
2064 | BSI | United Kingdom | member_body | British Standards Institution | https://www.bsigroup.com
2188 | ANSI | United States | member_body | American National Standards Institute | https://www.ansi.org
2182 | UNIT | Uruguay | member_body | Instituto Uruguayo de Normas Técnicas
308878 | O'ZTTSA | Uzbekistan | member_body | Uzbek Agency for Technical Regulation
2199 | STAMEQ | Viet Nam | member_body | Directorate for Standards, Metrology and Quality
2215 | ZABS | Zambia | member_body | Zambia Bureau of Standards
308829 | SAZ | Zimbabwe | member_body | Standards Association of Zimbabwe
"""
_P_53882 = (
    1485, 1489, 1499, 1511, 1516, 1520, 1524, 1529, 1533, 1537, 1561, 1565, 1569, 1579, 1597, 1603,
    1619, 1629, 1635, 1644, 1663, 1667, 1674, 1684, 1690, 1696, 1700, 1704, 1711, 1717, 1734, 1738,
    1753, 1759, 1784, 1794, 1798, 1803, 1815, 1819, 1823, 1827, 1835, 1840, 1844, 1848, 1854, 1864,
    1873, 1911, 1915, 1927, 1931, 1944, 1954, 1965, 1994, 1998, 2017, 2027, 2036, 2041, 2045, 2049,
    2054, 2058, 2064, 2074, 2091, 2101, 2106, 2110, 2120, 2133, 2139, 2149, 2158, 2168, 2172, 2176,
    2182, 2188, 2199, 2209, 288025, 299538, 308796, 308829, 308857, 308866, 308878, 5304435,
)
_O_53882 = (
    1549, 1555, 1575, 1640, 1657, 1680, 1721, 1770, 1776, 1788, 1880, 1886, 1897, 1901, 1938, 1950,
    1982, 2007, 2031, 2068, 2084, 2162, 2215, 258872, 295409, 304927, 374819, 537437, 547395, 576505,
)
_P_45306 = (
    1485, 1511, 1516, 1524, 1529, 1561, 1619, 1635, 1640, 1644, 1663, 1667, 1674, 1696, 1704, 1711,
    1717, 1721, 1734, 1738, 1776, 1794, 1798, 1803, 1815, 1819, 1823, 1835, 1848, 1854, 1897, 1911,
    1954, 1982, 1994, 1998, 2027, 2031, 2036, 2041, 2045, 2058, 2064, 2074, 2091, 2101, 2106, 2110,
    2172, 2176, 2188, 299538, 308829,
)
_O_45306 = (
    1499, 1520, 1555, 1565, 1569, 1575, 1579, 1597, 1603, 1629, 1680, 1747, 1770, 1784, 1788, 1873,
    1927, 1931, 1944, 1950, 2017, 2054, 2068, 2120, 2133, 2139, 2149, 2168, 2182, 2199, 2209,
    258872, 288025, 304927, 308796, 308878, 6201376,
)
_P_54808 = (
    1485, 1511, 1516, 1520, 1524, 1529, 1549, 1561, 1565, 1569, 1579, 1619, 1623, 1629, 1635, 1644,
    1663, 1667, 1674, 1684, 1696, 1700, 1704, 1711, 1717, 1734, 1738, 1747, 1753, 1759, 1776, 1784,
    1794, 1798, 1803, 1815, 1823, 1827, 1835, 1840, 1844, 1848, 1854, 1864, 1911, 1915, 1927, 1931,
    1944, 1954, 1965, 1982, 1994, 1998, 2017, 2027, 2031, 2036, 2045, 2049, 2054, 2064, 2074, 2078,
    2091, 2101, 2106, 2120, 2139, 2149, 2158, 2168, 2172, 2176, 2182, 2188, 2199, 2209, 2215,
    288025, 308796, 308829, 308866,
)
_O_54808 = (
    1489, 1499, 1533, 1537, 1555, 1575, 1597, 1603, 1615, 1640, 1657, 1680, 1690, 1721, 1770, 1788,
    1819, 1860, 1873, 1886, 1897, 1921, 1938, 2007, 2041, 2058, 2068, 2084, 2110, 2133, 258872,
    295409, 299538, 304927, 308878, 371281, 537437, 547395, 5304435, 6201376,
)
_P_54916 = (
    1485, 1489, 1511, 1516, 1520, 1524, 1529, 1561, 1615, 1619, 1629, 1635, 1644, 1663, 1667, 1696,
    1700, 1717, 1734, 1738, 1794, 1798, 1803, 1815, 1819, 1823, 1835, 1897, 1911, 1982, 1998, 2027,
    2036, 2045, 2054, 2064, 2074, 2101, 2106, 2133, 2149, 2168, 2176, 2188, 2209, 308829,
)
_O_54916 = (
    1533, 1579, 1597, 1603, 1640, 1680, 1684, 1711, 1721, 1753, 1770, 1776, 1784, 1827, 1854, 1873,
    1927, 1944, 1954, 1965, 2031, 2058, 2091, 2120, 2139, 2172, 2182, 288025, 308796, 308878,
)
_P_537864 = (
    1511, 1520, 1529, 1575, 1579, 1597, 1635, 1640, 1644, 1663, 1674, 1700, 1734, 1738, 1794, 1815,
    1823, 1835, 1848, 1854, 1873, 1927, 1954, 1982, 2017, 2036, 2054, 2058, 2064, 2168, 2176, 2188,
    2215, 299538, 308878,
)
_O_537864 = (
    1485, 1516, 1524, 1561, 1565, 1690, 1717, 1770, 1784, 1798, 1803, 1819, 1880, 1931, 1965, 2027,
    2031, 2045, 2091, 2101, 2106, 2110, 2133, 2172, 2182,
)
_P_6131376 = (
    1489, 1511, 1520, 1529, 1561, 1619, 1635, 1640, 1644, 1663, 1700, 1734, 1747, 1784, 1794, 1803,
    1815, 1823, 1835, 1844, 1897, 2045, 2064, 2091, 2101, 2106, 2176, 2188, 308866,
)
_O_6131376 = (
    1516, 1524, 1565, 1579, 1704, 1717, 1738, 1770, 1776, 1819, 1854, 1927, 1965, 1994, 2027, 2036,
    2054, 2058, 2068, 2110, 2133, 2158, 2182, 2209, 308796, 308878, 4959889,
)
_P_8300629 = (
    1485, 1511, 1524, 1579, 1603, 1619, 1635, 1663, 1717, 1738, 1794, 1798, 1803, 1815, 1823, 1835,
    1848, 1911, 1954, 2045, 2058, 2064, 2074, 2091, 2101, 2106, 2168, 2172, 2176, 2188,
)
_O_8300629 = (
    1520, 1529, 1597, 1644, 1770, 1854, 1880, 1927, 1998, 2027, 2036, 2054, 2133, 2199,
)
_P_4395817 = (
    1511, 1524, 1529, 1561, 1619, 1635, 1663, 1696, 1700, 1704, 1717, 1734, 1738, 1784, 1794, 1823,
    1835, 1954, 1998, 2027, 2045, 2054, 2058, 2064, 2074, 2101, 2106, 2176, 2188, 2209,
)
_O_4395817 = (
    1597, 1640, 1690, 1776, 1803, 1815, 1911, 1927, 1938, 1965, 2041, 2110, 2133, 2139, 2172,
    308866, 308878,
)
_P_10138914 = (
    2064,
)
_O_10138914 = ()
_P_CASCO = (
    1495, 1499, 1520, 1489, 1524, 1529, 1690, 1533, 1537, 1549, 1555, 1561, 1565, 1603, 1753, 1579,
    1597, 1619, 1629, 1635, 1644, 1667, 1684, 2133, 1674, 1696, 1711, 1700, 308796, 1734, 1738,
    1511, 1759, 5304435, 1784, 1794, 1798, 1803, 308857, 1815, 1819, 1823, 1827, 1835, 1844, 1848,
    1854, 1663, 1864, 1873, 1911, 1915, 1927, 1944, 1954, 1965, 1931, 1569, 2027, 1998, 1994, 2017,
    2036, 2041, 2045, 2054, 2049, 2058, 2176, 288025, 1840, 1516, 2209, 2074, 2110, 299538, 1485,
    1717, 2091, 2101, 2106, 2120, 2139, 2149, 2158, 2168, 308866, 2172, 1704, 2064, 2188, 2182,
    308878, 2199, 308829,
)
_O_CASCO = (
    4959889, 374819, 269997, 1901, 1623, 8042280, 1680, 1640, 1657, 1575, 1721, 304927, 318778,
    1742, 576505, 1950, 1747, 1615, 1860, 251461, 1770, 1788, 1880, 537437, 1886, 308886, 1890,
    1897, 1776, 295409, 1921, 1938, 1978, 1988, 1982, 2007, 258872, 2031, 2021, 6201376, 2068, 2084,
    576517, 8867946, 2078, 2116, 2143, 2162, 2215,
)


_ADDRESSES = {
    1619: ("600-55 Metcalfe Street", "Ottawa, Ontario K1P 6L5", "Canada"),
    2064: ("389 Chiswick High Road", "London W4 4AL", "United Kingdom"),
    2188: ("1899 L Street, NW, 11th Floor", "Washington, DC 20036", "United States"),
    1511: ("Am DIN-Platz", "Burggrafenstraße 6", "10787 Berlin", "Germany"),
    1738: ("11, rue Francis de Pressensé", "93571 La Plaine Saint-Denis Cedex", "France"),
    1524: ("Level 10, The Exchange Centre", "20 Bridge Street", "Sydney NSW 2000", "Australia"),
    1485: ("1 Dr Lategan Road", "Groenkloof", "Pretoria 0001", "South Africa"),
    1835: ("1-3-1 Kasumigaseki, Chiyoda-ku", "Tokyo 100-8901", "Japan"),
    2106: ("Sulzerallee 70", "8404 Winterthur", "Switzerland"),
    1854: ("Popo Road, off Mombasa Road", "P.O. Box 54974", "Nairobi 00200", "Kenya"),
    1635: ("No. 9 Madiandonglu, Haidian District", "Beijing 100088", "China"),
}


def _member_bodies(table: str) -> dict[int, MemberBodyData]:
    bodies = {}
    for line in table.strip().splitlines():
        member_id, acronym, country, membership_type, name, *website = (part.strip() for part in line.split("|"))
        bodies[int(member_id)] = MemberBodyData(
            member_id=int(member_id),
            acronym=acronym,
            country=country,
            membership_type=membership_type,
            name=name,
            website=website[0] if website else None,
            address=_ADDRESSES.get(int(member_id), ()),
        )
    return bodies


ORGANIZATIONS = {
    org.organization_id: org
    for org in (
        OrganizationData(10147, "IAF", "International Accreditation Forum, Inc.", "Canada"),
        OrganizationData(9452, "ILAC", "International Laboratory Accreditation Cooperation", "Australia"),
        OrganizationData(14677, "IQNET", "The International Certification Network", "Switzerland"),
        OrganizationData(534768, "IIOA", "Independent International Organisation for Certification", "Belgium"),
        OrganizationData(289098, "UILI", "Union Internationale des Laboratoires Indépendants", "France"),
        OrganizationData(9698, "OIML", "International Organization of Legal Metrology", "France"),
        OrganizationData(14905, "IPC", "IPC - Association Connecting Electronics Industries", "United States"),
        OrganizationData(7831826, "TIC Council", "Testing, Inspection and Certification Council", "Belgium"),
        OrganizationData(542904, "ISEAL", "ISEAL Alliance", "United Kingdom"),
        OrganizationData(8816, "BIPM", "Bureau International des Poids et Mesures", "France"),
        OrganizationData(10164, "UNIDO", "United Nations Industrial Development Organization", "Austria"),
        OrganizationData(10234, "WTO", "World Trade Organization", "Switzerland"),
        OrganizationData(14903, "APAC", "Asia Pacific Accreditation Cooperation", "Australia"),
        OrganizationData(9036, "EOQ", "European Organization for Quality", "Belgium"),
        OrganizationData(2753, "ASQ", "American Society for Quality", "United States"),
        OrganizationData(521839, "IATF", "International Automotive Task Force"),
        OrganizationData(10540413, "IEC Quality", "IEC Quality Assessment System for Electronic Components"),
    )
}

_CASCO_SCOPE = (
    "The Policy Development Committee on Conformity Assessment (CASCO) shall:",
    "a) study means of assessing the conformity of products, processes, services and management systems to"
    " appropriate standards or other technical specifications;",
    "b) prepare international guides and International Standards relating to the practice of testing,"
    " inspection and certification of products, processes and services, and to the assessment of management"
    " systems, testing laboratories, inspection bodies, certification bodies, accreditation bodies and their"
    " operation and acceptance;",
    "c) promote mutual recognition and acceptance of national and regional conformity assessment systems;",
    "d) promote the appropriate use of International Standards for testing, inspection, certification,"
    " assessment and related purposes;",
    "e) advise the ISO Council on conformity assessment policy.",
)

_CASCO_SUBGROUPS = tuple(
    SubgroupData(f"ISO/CASCO/{code}", title, "working_group")
    for code, title in (
        ("AHG", "Monitoring global developments relevant to conformity assessment"),
        ("CPC", "Chair's Policy and Coordination Group"),
        ("IAF/ILAC JSG", "IAF-ILAC-ISO Joint Strategic Group"),
        ("INetQI", "Hosted ISO/CASCO INetQI group"),
        (
            "JWG 58",
            "Joint ISO/CASCO - ISO/TC 232 WG: ISO 21030, requirements for bodies auditing/certifying educational"
            " organizations management systems",
        ),
        ("JWG 62", "Joint ISO/CASCO - ISO/TC 85 WG: ISO/TS 23406 (ITNS)"),
        ("JWG 63", "Joint ISO/CASCO - ISO/TC 304 WG: Develop requirements for bodies certifying healthcare quality"),
        ("STAR", "Strategic Alliance and Regulatory Group"),
        ("TIG", "Technical Interface Group"),
    )
)


def _manager_and_chair(manager: str, chair: str, term: str = "until end 2027") -> tuple[OfficerData, ...]:
    return (OfficerData("committee_manager", manager), OfficerData("chairperson", chair, term))


def _working_groups(committee: str, *titles: str) -> tuple[SubgroupData, ...]:
    return tuple(
        SubgroupData(f"{committee}/WG {number}", title, "working_group") for number, title in enumerate(titles, 1)
    )


def _subcommittees(committee: str, *subcommittees: tuple[int, int, str]) -> tuple[SubgroupData, ...]:
    return tuple(SubgroupData(f"{committee}/SC {sc}", title, "subcommittee", sc_id) for sc, sc_id, title in subcommittees)


_OCTOBER_COMMITTEES = (
    CommitteeData(
        committee_id=CASCO_ID,
        reference="ISO/CASCO",
        title="Committee on conformity assessment",
        created=1970,
        scope=_CASCO_SCOPE,
        secretariat_id=None,
        published_standards=37,
        standards_under_development=6,
        officers=(
            OfficerData("chairperson", "Ms Caroline Outa", "until end 2026"),
            OfficerData("vice_chair", "Prof. Anna Lindqvist"),
            OfficerData("secretary", "Ms Cristina Draghici"),
            OfficerData("technical_programme_manager", "Ms Cristina Draghici"),
            OfficerData("editorial_manager", "Mrs Yvonne Chen"),
        ),
        subgroups=_CASCO_SUBGROUPS,
        p_members=_P_CASCO,
        o_members=_O_CASCO,
        organization_liaisons=(
            *((org, "A") for org in (10147, 9452, 14677, 534768, 289098, 9698, 14905, 7831826, 542904, 14903)),
            *((org, "B") for org in (8816, 10164, 10234)),
            *((org, "C") for org in (9036, 2753, 521839, 10540413)),
        ),
    ),
    CommitteeData(
        committee_id=TC_176_ID,
        reference="ISO/TC 176",
        title="Quality management and quality assurance",
        created=1979,
        scope=(
            "Standardization in the field of quality management, including quality management systems, quality"
            " assurance and generic supporting technologies, including standards which provide guidance on the"
            " selection and use of these standards.",
            "Excluded: the standardization of specific quality requirements for products and services.",
        ),
        secretariat_id=1619,
        published_standards=0,
        standards_under_development=0,
        officers=(
            *_manager_and_chair("Mr Marc-Antoine Tremblay", "Ms Heather Chappell"),
            OfficerData("technical_programme_manager", "Mr Pierre Lambert"),
            OfficerData("editorial_manager", "Ms Sofia Rossi"),
        ),
        subgroups=(
            *_subcommittees(
                "ISO/TC 176",
                (1, 53888, "Concepts and terminology"),
                (2, 53896, "Quality systems"),
                (3, 53934, "Supporting technologies"),
            ),
            SubgroupData("ISO/TC 176/CAG", "Chair's Advisory Group", "advisory_group"),
        ),
        p_members=_P_53882,
        o_members=_O_53882,
        organization_liaisons=tuple((org, "A") for org in (2753, 9036, 10147, 9452, 14677, 14905, 521839, 534768)),
    ),
    CommitteeData(
        committee_id=45306,
        reference="ISO/IEC JTC 1/SC 27",
        title="Information security, cybersecurity and privacy protection",
        created=1989,
        scope=(
            "Development of standards for the protection of information and ICT, including generic methods,"
            " techniques and guidelines to address security and privacy aspects.",
        ),
        secretariat_id=1511,
        published_standards=0,
        standards_under_development=0,
        officers=_manager_and_chair("Ms Krystyna Passia", "Mr Edward Humphreys"),
        subgroups=(
            *_working_groups(
                "ISO/IEC JTC 1/SC 27",
                "Information security management systems",
                "Cryptography and security mechanisms",
                "Security evaluation, testing and specification",
                "Security controls and services",
                "Identity management and privacy technologies",
            ),
            SubgroupData("ISO/IEC JTC 1/SC 27/AHG 1", "Strategic planning", "ad_hoc_group"),
        ),
        p_members=_P_45306,
        o_members=_O_45306,
        organization_liaisons=tuple((org, "A") for org in (10147, 14677, 534768)),
        parent_id=45020,
    ),
    CommitteeData(
        committee_id=54808,
        reference="ISO/TC 207",
        title="Environmental management",
        created=1993,
        scope=(
            "Standardization in the field of environmental management systems and tools in support of"
            " sustainable development.",
        ),
        secretariat_id=1619,
        published_standards=0,
        standards_under_development=0,
        officers=(
            *_manager_and_chair("Ms Susan Briggs", "Mr Jaime Gonzalez"),
            OfficerData("technical_programme_manager", "Mr Pierre Lambert"),
            OfficerData("editorial_manager", "Mrs Helen O'Neill"),
        ),
        subgroups=_subcommittees(
            "ISO/TC 207",
            (1, 54818, "Environmental management systems"),
            (2, 54824, "Environmental auditing and related practices"),
            (3, 54836, "Environmental labelling"),
            (4, 54846, "Environmental performance evaluation"),
            (5, 54854, "Life cycle assessment"),
            (7, 546318, "Greenhouse gas and climate change management and related activities"),
        ),
        p_members=_P_54808,
        o_members=_O_54808,
        organization_liaisons=(*((org, "A") for org in (10147, 14677, 534768)), (10234, "B")),
    ),
    CommitteeData(
        committee_id=54916,
        reference="ISO/TC 212",
        title="Medical laboratories and in vitro diagnostic systems",
        created=1994,
        scope=(
            "Standardization and guidance in the field of laboratory medicine and in vitro diagnostic test systems.",
        ),
        secretariat_id=2188,
        published_standards=0,
        standards_under_development=0,
        officers=_manager_and_chair("Ms Jennifer Adams", "Dr Sheila Woodcock"),
        subgroups=_working_groups(
            "ISO/TC 212",
            "Quality and competence in the medical laboratory",
            "Reference systems",
            "In vitro diagnostic products",
            "Microbiology and molecular diagnostics",
            "Laboratory biorisk management",
        ),
        p_members=_P_54916,
        o_members=_O_54916,
        organization_liaisons=((8816, "A"), (9452, "A")),
    ),
    CommitteeData(
        committee_id=537864,
        reference="ISO/TC 232",
        title="Education and learning services",
        created=2007,
        scope=("Standardization in the field of education and learning services.",),
        secretariat_id=1635,
        published_standards=0,
        standards_under_development=0,
        officers=(*_manager_and_chair("Ms Li Wen", "Mr Klaus Fischer"), OfficerData("vice_chair", "Dr. Maria Santos")),
        subgroups=_working_groups("ISO/TC 232", "Management systems for educational organizations"),
        p_members=_P_537864,
        o_members=_O_537864,
    ),
    CommitteeData(
        committee_id=6131376,
        reference="ISO/TC 304",
        title="Healthcare organization management",
        created=2016,
        scope=("Standardization in the field of healthcare organization management.",),
        secretariat_id=2188,
        published_standards=0,
        standards_under_development=0,
        officers=_manager_and_chair("Mr Brian Larson", "Dr Bill Lawton"),
        subgroups=(
            SubgroupData(
                "ISO/TC 304/JWG 1",
                "Joint ISO/TC 304 - ISO/TC 212 WG: Quality in healthcare organizations",
                "joint_working_group",
            ),
        ),
        p_members=_P_6131376,
        o_members=_O_6131376,
    ),
    CommitteeData(
        committee_id=8300629,
        reference="ISO/TC 334",
        title="Reference materials",
        created=2020,
        scope=("Standardization in the field of reference materials, including their production and use.",),
        secretariat_id=1485,
        published_standards=0,
        standards_under_development=0,
        officers=_manager_and_chair("Ms Nomsa Dlamini", "Dr Angelique Botha"),
        subgroups=(SubgroupData("ISO/TC 334/TF 1", "Reference material producers", "task_force"),),
        p_members=_P_8300629,
        o_members=_O_8300629,
        organization_liaisons=((8816, "A"), (9452, "A"), (9698, "A"), (289098, "A")),
    ),
    CommitteeData(
        committee_id=4395817,
        reference="ISO/TC 272",
        title="Forensic sciences",
        created=2012,
        scope=("Standardization of laboratory and field-based forensic science techniques and methodology.",),
        secretariat_id=1524,
        published_standards=0,
        standards_under_development=0,
        officers=_manager_and_chair("Ms Rebecca Kogios", "Dr Linzi Wilson-Wilde"),
        subgroups=_working_groups("ISO/TC 272", "Forensic process", "Interpretation"),
        p_members=_P_4395817,
        o_members=_O_4395817,
        organization_liaisons=((9452, "A"),),
        status="standby",
    ),
    CommitteeData(
        committee_id=10138914,
        reference="IEC/ISO JTC 3",
        title="Quantum technologies",
        created=2024,
        scope=("Standardization in the field of quantum technologies.",),
        secretariat_id=2064,
        published_standards=0,
        standards_under_development=0,
        officers=_manager_and_chair("Mr Oliver Grant", "Dr Tomasz Nowak", "until end 2029"),
        subgroups=(),
        p_members=_P_10138914,
        o_members=_O_10138914,
    ),
)

_CASCO_DOCUMENTS = """
73029 | ISO/IEC 17000:2020 | Vocabulary and general principles | published | 60.60 | 2 | 29 | 2020-12 |
29311 | ISO/IEC 17007:2009 | Guidance for drafting normative documents suitable for use for conformity assessment | published | 90.93 | 1 | 19 | 2009-09 |
67198 | ISO/IEC 17011:2017 | Requirements for accreditation bodies accrediting conformity assessment bodies | published | 90.93 | 2 | 29 | 2017-11 | 29347
52994 | ISO/IEC 17020:2012 | Requirements for the operation of various types of bodies performing inspection | published | 90.92 | 2 | 16 | 2012-03 |
61651 | ISO/IEC 17021-1:2015 | Requirements for bodies providing audit and certification of management systems — Part 1: Requirements | published | 90.92 | 1 | 46 | 2015-06 |
61652 | ISO/IEC TS 17021-2:2016 | Requirements for bodies providing audit and certification of management systems — Part 2: Competence requirements for auditing and certification of environmental management systems | published | 90.93 | 2 | 5 | 2016-12 |
61653 | ISO/IEC TS 17021-3:2017 | Requirements for bodies providing audit and certification of management systems — Part 3: Competence requirements for auditing and certification of quality management systems | published | 90.93 | 2 | 5 | 2017-01 |
61654 | ISO/IEC TS 17021-4:2013 | Requirements for bodies providing audit and certification of management systems — Part 4: Competence requirements for auditing and certification of event sustainability management systems | published | 90.93 | 1 | 5 | 2013-07 |
61655 | ISO/IEC TS 17021-5:2014 | Requirements for bodies providing audit and certification of management systems — Part 5: Competence requirements for auditing and certification of asset management systems | published | 90.93 | 1 | 5 | 2014-04 |
61656 | ISO/IEC TS 17021-6:2014 | Requirements for bodies providing audit and certification of management systems — Part 6: Competence requirements for auditing and certification of business continuity management systems | published | 90.93 | 1 | 5 | 2014-12 |
61657 | ISO/IEC TS 17021-7:2019 | Requirements for bodies providing audit and certification of management systems — Part 7: Competence requirements for auditing and certification of road traffic safety management systems | published | 60.60 | 1 | 5 | 2019-03 |
61658 | ISO/IEC TS 17021-8:2019 | Requirements for bodies providing audit and certification of management systems — Part 8: Competence requirements for auditing and certification of management systems for sustainable development in communities | published | 60.60 | 1 | 6 | 2019-03 |
61659 | ISO/IEC TS 17021-9:2016 | Requirements for bodies providing audit and certification of management systems — Part 9: Competence requirements for auditing and certification of anti-bribery management systems | published | 90.93 | 1 | 5 | 2016-12 |
61660 | ISO/IEC TS 17021-10:2018 | Requirements for bodies providing audit and certification of management systems — Part 10: Competence requirements for auditing and certification of occupational health and safety management systems | published | 90.93 | 1 | 6 | 2018-05 |
61661 | ISO/IEC TS 17021-11:2018 | Requirements for bodies providing audit and certification of management systems — Part 11: Competence requirements for auditing and certification of facility management (FM) management systems | published | 90.93 | 1 | 5 | 2018-08 |
61662 | ISO/IEC TS 17021-12:2020 | Requirements for bodies providing audit and certification of management systems — Part 12: Competence requirements for auditing and certification of collaborative business relationship management systems | published | 60.60 | 1 | 6 | 2020-07 |
61663 | ISO/IEC TS 17021-13:2021 | Requirements for bodies providing audit and certification of management systems — Part 13: Competence requirements for auditing and certification of compliance management systems | published | 60.60 | 1 | 6 | 2021-08 |
52992 | ISO/IEC TS 17022:2012 | Requirements and recommendations for content of a third-party audit report on management systems | published | 90.93 | 1 | 8 | 2012-09 |
52993 | ISO/IEC TS 17023:2013 | Guidelines for determining the duration of management system certification audits | published | 90.93 | 1 | 14 | 2013-05 |
52995 | ISO/IEC 17024:2012 | General requirements for bodies operating certification of persons | published | 90.93 | 2 | 20 | 2012-07 |
66912 | ISO/IEC 17025:2017 | General requirements for the competence of testing and calibration laboratories | published | 90.92 | 3 | 30 | 2017-11 | 39883
29357 | ISO/IEC 17026:2015 | Example of a certification scheme for tangible products | published | 90.93 | 1 | 6 | 2015-10 |
29358 | ISO/IEC TS 17027:2014 | Vocabulary related to competence of persons used for certification of persons | published | 90.93 | 1 | 11 | 2014-04 |
29359 | ISO/IEC 17028:2017 | Guidelines and examples of a certification scheme for services | published | 90.93 | 1 | 10 | 2017-05 |
29360 | ISO/IEC 17029:2019 | General principles and requirements for validation and verification bodies | published | 60.60 | 1 | 26 | 2019-11 |
29361 | ISO/IEC 17030:2021 | General requirements for third-party marks of conformity | published | 60.60 | 2 | 10 | 2021-10 |
29362 | ISO/IEC 17033:2019 | Ethical claims and supporting information — Principles and requirements | published | 60.60 | 1 | 17 | 2019-12 |
29363 | ISO/IEC 17040:2005 | General requirements for peer assessment of conformity assessment bodies and accreditation bodies | published | 90.93 | 1 | 11 | 2005-05 |
29364 | ISO/IEC 17043:2010 | General requirements for proficiency testing | published | 90.92 | 1 | 39 | 2010-02 |
29365 | ISO/IEC 17050-1:2004 | Supplier's declaration of conformity — Part 1: General requirements | published | 90.93 | 1 | 5 | 2004-10 |
29366 | ISO/IEC 17050-2:2004 | Supplier's declaration of conformity — Part 2: Supporting documentation | published | 90.93 | 1 | 4 | 2004-10 |
29367 | ISO/IEC 17060:2022 | Code of good practice for conformity assessment | published | 60.60 | 1 | 15 | 2022-07 |
46568 | ISO/IEC 17065:2012 | Requirements for bodies certifying products, processes and services | published | 90.93 | 1 | 27 | 2012-09 |
55087 | ISO/IEC 17067:2013 | Fundamentals of product certification and guidelines for product certification schemes | published | 90.93 | 1 | 17 | 2013-11 |
29370 | ISO/PAS 17001:2005 | Impartiality — Principles and requirements | published | 90.93 | 1 | 6 | 2005-04 |
29371 | ISO/PAS 17002:2004 | Confidentiality — Principles and requirements | published | 90.93 | 1 | 5 | 2004-07 |
29372 | ISO/PAS 17005:2008 | Use of management systems — Principles and requirements | published | 90.93 | 1 | 7 | 2008-06 |
83956 | ISO/IEC DIS 17025 | General requirements for the competence of testing and calibration laboratories | under_development | 40.20 | 4 | | | 66912
80950 | ISO/IEC FDIS 17043 | General requirements for the competence of proficiency testing providers | under_development | 50.20 | 2 | | | 29364
84101 | ISO/IEC CD 17021-1 | Requirements for bodies providing audit and certification of management systems — Part 1: Requirements | under_development | 30.20 | 2 | | | 61651
84102 | ISO/IEC DIS 17020 | Requirements for the operation of various types of bodies performing inspection | under_development | 40.60 | 3 | | | 52994
84103 | ISO/IEC CD 17065 | Requirements for bodies certifying products, processes and services | under_development | 30.99 | 2 | | | 46568
84104 | ISO/IEC WD 17024 | General requirements for bodies operating certification of persons | under_development | 20.20 | 3 | | | 52995
39883 | ISO/IEC 17025:2005 | General requirements for the competence of testing and calibration laboratories | withdrawn | 95.99 | 2 | 28 | 2005-05 |
29347 | ISO/IEC 17011:2004 | General requirements for accreditation bodies accrediting conformity assessment bodies | withdrawn | 95.99 | 1 | 18 | 2004-09 |
84090 | ISO/IEC CD 17027-2 | Vocabulary related to competence of persons — Part 2: Competence of auditors | deleted | 30.98 | | | |
"""
"""CASCO's documents on 2026-10-01: id | reference | title after "Conformity assessment — " | status | stage | edition |
pages | published YYYY-MM | ids it replaces."""


def _documents(table: str) -> tuple[DeliverableData, ...]:
    documents = []
    for line in table.strip().splitlines():
        did, reference, title, status, stage, edition, pages, published, replaces = (c.strip() for c in line.split("|"))
        documents.append(DeliverableData(
            deliverable_id=int(did),
            reference=reference,
            title=f"Conformity assessment — {title}",
            status=status,
            stage=stage,
            edition=int(edition) if edition else None,
            pages=int(pages) if pages else None,
            published=published or None,
            replaces=tuple(int(i) for i in replaces.split(",") if i),
        ))
    return tuple(documents)


CASCO_WORK_PROGRAMME = _documents(_CASCO_DOCUMENTS)

_OCTOBER = SiteState(
    committees={committee.committee_id: committee for committee in _OCTOBER_COMMITTEES},
    member_bodies=_member_bodies(_MEMBER_BODY_TABLE),
    organizations=ORGANIZATIONS,
    document_access=frozenset(
        {
            *((reader, CASCO_ID) for reader in (53882, 45306, 54808, 54916, 537864, 6131376, 8300629, 4395817)),
            *((CASCO_ID, owner) for owner in (53882, 54808, 54916, 10138914)),
            (53882, 54808),
            (54808, 53882),
            (53882, 54916),
            (54916, 53882),
            (6131376, 53882),
            (6131376, 54916),
            (54916, 8300629),
            (537864, 53882),
            (537864, 45306),
            (4395817, 45306),
            (10138914, 45306),
        }
    ),
    work_programmes={CASCO_ID: CASCO_WORK_PROGRAMME},
)

NOVEMBER_CHANGES = {
    "members joined CASCO as P": (371281, 513271),
    "members left CASCO (one P, one O)": (1495, 8867946),
    "CASCO member switched P to O": 1555,
    "CASCO member switched O to P": 2084,
    "new CASCO chairperson": OfficerData("chairperson", "Mr Erik Johansson", "until end 2028"),
    "CASCO committee liaison ended": 4395817,
    "CASCO organization liaison ended": 10164,
    "member body renamed its acronym": (2172, "UkrNDNC"),
    "CASCO subgroup added": SubgroupData(
        "ISO/CASCO/JWG 64", "Joint ISO/CASCO - ISO/TC 334 WG: Competence of reference material producers", "working_group"
    ),
    "CASCO projects moved stage": {83956: "40.60", 84101: "30.60", 84102: "40.99"},
    "CASCO project published": (80950, "ISO/IEC 17043:2026", "2026-10", 44),
    "CASCO standard withdrawn": 29364,
    "CASCO project started": DeliverableData(
        84210, "ISO/IEC AWI 17012", "Conformity assessment — Guidelines for the use of remote auditing methods in auditing "
        "management systems", "under_development", "20.00", 1,
    ),
}
"""How `2026-11-01` differs from `2026-10-01`; `_november` applies exactly these."""


def _november(october: SiteState) -> SiteState:
    change = NOVEMBER_CHANGES
    casco = october.committees[CASCO_ID]
    joined = change["members joined CASCO as P"]
    leavers = set(change["members left CASCO (one P, one O)"])
    switched_to_o, switched_to_p = change["CASCO member switched P to O"], change["CASCO member switched O to P"]
    p_members = [m for m in casco.p_members if m not in leavers and m != switched_to_o] + [*joined, switched_to_p]
    o_members = [m for m in casco.o_members if m not in leavers and m != switched_to_p] + [switched_to_o]
    casco = replace(
        casco,
        officers=(change["new CASCO chairperson"], *(o for o in casco.officers if o.role != "chairperson")),
        subgroups=(*casco.subgroups, change["CASCO subgroup added"]),
        p_members=tuple(p_members),
        o_members=tuple(o_members),
        organization_liaisons=tuple(
            (org, category) for org, category in casco.organization_liaisons if org != change["CASCO organization liaison ended"]
        ),
    )
    renamed_id, new_acronym = change["member body renamed its acronym"]
    ended = change["CASCO committee liaison ended"]
    published_id, reference, month, pages = change["CASCO project published"]
    moves = change["CASCO projects moved stage"]

    def moved(document: DeliverableData) -> DeliverableData:
        if document.deliverable_id in moves:
            return replace(document, stage=moves[document.deliverable_id])
        if document.deliverable_id == published_id:
            return replace(document, reference=reference, status="published", stage="60.60", published=month, pages=pages)
        if document.deliverable_id == change["CASCO standard withdrawn"]:
            return replace(document, status="withdrawn", stage="95.99")
        return document

    return replace(
        october,
        committees={**october.committees, CASCO_ID: casco},
        member_bodies={
            **october.member_bodies,
            renamed_id: replace(october.member_bodies[renamed_id], acronym=new_acronym),
        },
        document_access=october.document_access - {(ended, CASCO_ID), (CASCO_ID, ended)},
        work_programmes={
            CASCO_ID: (*map(moved, october.work_programme(CASCO_ID)), change["CASCO project started"]),
        },
    )


_SITE = {STATES[0]: _OCTOBER, STATES[1]: _november(_OCTOBER)}


def site(state: str) -> SiteState:
    """The whole fixture site on one date."""
    return _SITE[state]
