"""Each seed report's items, in the seed's order, written by hand from /work/shared/seeds/*.txt.

These lists are the yardstick for ``pcxl demo``'s seed reports (``seed_reports/``): every item
here must be in that deck, in this order, with nothing added, and each item's dates and statuses
beside it. They are typed from the seed text, not from the demo data, so a slip in either shows.
An item names itself by the start of its text (enough to be unique); dates are as the seed writes
them, and the deck must show them so ("End of October", "w/c 16/11/20", "Q2 17/18", "tbc"); a
status is the seed's word, compared without regard to case.

Seed 001: the slide titles of five workstreams were lost in extraction (the CEV / Covid age slide,
the heart failure slide, the winter planning slide, the PCN DES slide and the ARRS slide); they
carry the names the demo data gives them. "Community Joint Working" is the R&R workstream stamped
on the care homes (EHCH) slide, and "Phase 3" the type of the Atrial Fibrillation workstream.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- Seed 001: workstream highlight report, West Sussex, 11/11/2020 ---------------------------


@dataclass(frozen=True)
class Row:
    """A milestone (or key action) row: the start of its text, its dates, its status."""

    text: str
    dates: tuple[str, ...] = ()
    status: str | None = None


@dataclass(frozen=True)
class Workstream:
    name: str
    rows: tuple[Row, ...] = ()
    facts: tuple[str, ...] = field(default=())  # header values the slide must show


def _ws(name: str, *rows: tuple, facts: tuple[str, ...] = ()) -> Workstream:
    return Workstream(name, tuple(Row(r[0], tuple(r[1]), r[2] if len(r) > 2 else None)
                                  for r in rows), facts)


HIGHLIGHT_CLOSED = [  # "Celebrating Success": (date closed, project)
    ("7 th Aug 2020", "BAME LCS"),
    ("7 th Aug 2020", "Shielding LCS (High Risk Patients)"),
    ("August 2020", "Diabetes Standard Operating Procedure"),
    ("19 th Sept 2020", "Consolidation of hot sites"),
]

HIGHLIGHT_WORKSTREAMS = [
    _ws("Serious Mental Illness (SMI) LCS",
        ("Agreed Trajectories", ["09/09/20"], "Achieved"),
        ("Agree whether SOP or similar required", ["10/09/20"], "Achieved"),
        ("Quarterly data collection process agreed", ["30/09/20"], "On track"),
        ("Final SOP signed off at T&F Group", ["20/10/20"], "Off track"),
        ("SOP to be signed off at MH ICS Group meeting", ["20/10/20"], "Off track"),
        ("SOP issued", ["End of October"], "On track"),
        ("Set date for Webinar", ["20/10/20"], "On track"),
        ("Q2 data to be reviewed", ["30/10/20"], "On track"),
        ("SOP to be signed off by clinical leads", ["30/10/20"], "On track"),
        ("Place based webinars to take place", ["30/11/20"], "On track"),
        facts=("General Practice",)),
    _ws("Atrial Fibrillation LCS harmonisation",
        ("Draft business plan", ["31/11/20"]),
        ("Agree tariffs with LMC", ["30/12/20"]),
        ("Sign off person specification", ["19/01/21"]),
        ("Approve funding", ["28/02/21"]),
        ("Sign off LCS", ["16/03/21"]),
        ("Launch LCS", ["01/04/21"]),
        facts=("General Practice", "Karen Breen", "Sarah Henley", "Keith Hoare / Hollie Hughes",
               "Phase 3")),
    _ws("Prevention – Learning Disabilities",
        ("Roll out of Thumbs Up GP Toolkit", ["08/09/20"], "Achieved"),
        ("Guidance for practices for LD", ["30/09/2020"], "On hold"),
        ("Deep dive completed", ["16/10/2020", "29/10/2020"], "On track Completed"),
        ("Comms evaluation process", ["31/10/2020"], "On track ?delayed")),
    _ws("Prevention – Screening",
        ("Work stream documentation, risks and issues", ["w/c 29/06/20"], "Achieved"),
        ("To be completed", ["tbc"]),
        facts=("General Practice", "Karen Breen", "Sarah Henley", "DK/CK/AC",
               "Penny Hawes / Luke Smith")),
    _ws("High Risk Patients: Shielded",
        ("Launch Pilot 'Age Tool'", ["09/10/20"], "Decision to delay for improved outcome"),
        ("Support and advice for CEV/ CV patients", ["22/09/20", "Week commencing 26/10/20"],
         "Delayed on track for new revised date"),
        ("Service mapping completed", ["22/09/20"], "Achieved"),
        ("Review completed regarding current progress", ["29/09/20"], "Achieved"),
        ("Covid Tool embedded in Primary Care Clinical systems", ["09/10/20"],
         "Anticipate delay")),
    _ws("Heart Failure",
        ("Geographical service mapping", ["16/09/20", "09/10/20"], "Achieved"),
        ("Heart Failure Pathway presented", ["09/10/20", "03/11/20"], "Delayed"),
        ("Presentation of existing LCS", ["12/10/20"], "Achieved"),
        ("Primary to Secondary care pathway launched", ["09/11/20"], "On track"),
        ("All Actions completed, project closure", ["01/09/20", "30/10/20"], "Delayed")),
    _ws("High Risk Patients: COPD",
        ("Final SOP document agreed by T&F group", ["15/09/2020", "01/09/20"], "Achieved"),
        ("SOP approved by LCS Restoration group", ["16/09/2020", "02/09/20"], "Achieved"),
        ("SOP presented to Medical Directors", ["22/09/2020"], "Achieved"),
        ("Reach agreement with community respiratory teams", ["02/10/2020"], "In progress"),
        ("Guidance / SOP to practices published", ["25/09/2020", "16/10/2020"],
         "Revised date On Track"),
        ("Clinical Webinar on COPD SOP", ["12/11/2020"], "On Track")),
    _ws("Winter Planning and Urgent Care interface",
        ("Ratification of Key work streams and leads", ["09/09/20", "07/10/20"], "At risk"),
        ("Warning Signs and Triggers", ["14/10/20", "04/11/20"], "At risk"),
        ("Interface with Urgent Care and A&E", ["21/10/20"], "At Risk"),
        ("Febrile Patient Pathways", ["TBC"]),
        ("Alignment of plan with main system plan", ["18/09/20"], "On-going On track"),
        ("Project plan and timescales completed", ["07/10/20", "04/11/20"], "At risk"),
        ("Outline business case to be developed", ["21/10/20"], "On track"),
        facts=("BAU",)),
    _ws("Primary Care Data",
        ("Assessment of qualitative and quantitative data", ["02/09/20", "5/11/20"], "Slipped"),
        ("Engagement with PCNs and other stakeholders", ["09/09/20"], "Completed"),
        ("Paper to LMT requesting support and Funding", ["13/10/20"], "Completed"),
        ("Preparation communication with the pilot practices", ["29/10/20"], "Completed"),
        ("Options Appraisal presented to LMTs", ["w/c 16/11/20", "w/c 30/11/20"], "Slipped"),
        ("Pilot completed", []),
        ("Preferred solution implemented", ["November"], "Awaiting LMT outcome"),
        facts=("General Practice", "Karen Breen", "Sarah Henley", "Alex Palethorpe")),
    _ws("Quality, Education and sharing of good practice",
        ("Phase 1: Recommendation process to LMT", ["05/08/20"], "Achieved"),
        ("Phase 1: LMT agreement and funding streams agreed", ["22/07/20"], "Achieved"),
        ("Phase 2: Sussex wide group set up", ["30/09/20", "13/10/20"], "Achieved"),
        ("Phase 3 – establishing BAU", ["31/12/20"], "On Track"),
        facts=("General Practice", "Karen Breen", "Dee Kelly & Anne Corkhill", "Amanda Sangster")),
    _ws("Self-refer into services",
        ("Identify clinical lead", ["30/9/20"], "Achieved"),
        ("Complete initial scoping", ["31/10/20"], "Achieved"),
        ("Directorate responsibility confirmed", [], "delayed"),
        ("Project plan agreed", ["31/10/20"], "Not started"),
        ("Patient comms plan agreed", ["30/11/20"], "Not started"),
        facts=("General Practice", "Karen Breen", "Anne Corkhill", "Andrea Hill")),
    _ws("Enhanced Health in Care Homes (EHCH)",
        ("EHCH Model agreed by interface group", ["06/10/20", "07/10/20"], "In progress"),
        ("Signup to EHCH LCS", ["01/12/20"], "In progress"),
        ("MDT established and co-ordinated with Community Providers", ["30/09/20"], "Delayed"),
        ("EHCH Model is live across all care homes", ["01/10/20"], "Delayed"),
        ("Approach to data sharing with care homes", ["31/10/20"], "On Track"),
        ("Data Sharing national requirement achieved", ["31/03/21"], "On Track"),
        facts=("Community Joint Working",)),
    _ws("Care Home supplementary LCS (NEW)",
        ("Notice served to practices on existing Care home LCS", ["28th August 2020"],
         "Completed"),
        ("Produce draft LCS", ["14 September 2020"], "On Track"),
        ("Review LCS with LMT", ["21 September 2020"], "Delayed"),
        ("LCS specifications to go to PCCC for sign off", [], "On track"),
        ("New specifications to be approved at PCCC", ["25 November 2020"], "On track"),
        ("New Care Home supplementary LCS agreed", ["30th November 2020"], "On Track"),
        ("Project Closure / Move to BAU", ["4th December 2020"], "On Track"),
        facts=("General Practice", "Karen Breen", "Sarah Henley", "Carol King")),
    _ws("Patients Flu Vaccinations",  # Key Actions Outstanding: action, target date
        ("Development of a mixed model for vaccination delivery", []),
        ("Contractual arrangements to be developed", ["05/10/20"]),
        ("Establish vaccination model for homeless populations", ["01/11/20"]),
        ("Review of NHS Provider vaccination programme", ["01/11/20"]),
        ("Development of mechanisms to allocate additional National funding", []),
        facts=("Hugo Luck / Mandy Catchpole",)),
    _ws("Primary Care Networks",
        ("PCNs have detailed the arrangements with local community", ["30/09/20"], "Delayed"),
        ("Supporting Early Cancer diagnosis requirements", ["1/10/20"], "In progress"),
        ("PCNs have detailed arrangements with community mental health", ["31/03/21"],
         "On track"),
        ("All PCNs and practices offering a core digital first", ["31/3/21"], "On track"),
        ("Care Home requirements to view patient records", ["31/03/21"], "On track"),
        ("Impact and Investment Fund introduced", ["1/10/20"], "Off track"),
        ("Transfer of Improved Access service to PCNs", ["01/04/21"], "On track")),
    _ws("Additional Roles Reimbursement Scheme (ARRS) and work force planning",
        ("PCNs submit bids for Unclaimed Funding 20/21", ["16/10/20"], "Complete"),
        ("CCG inform PCNs of outcome of Unclaimed Funding Bids", ["24/10/20"], "Feedback sent"),
        ("Workforce indicative planning template", ["31/10/20"], "On track"),
        ("CCGs submit collated first cut PCN recruitment plans", ["9/11/20"], "On track"),
        ("CCGs submit collated final PCN recruitment plans", ["30/11/20"], "On track")),
    _ws("PCN DES - Early Cancer",
        ("Procurement decision regarding digital support tools", ["30/9/20"], "Delayed"),
        ("Early Cancer DES implementation begins", ["01/10/20"], "On Track"),
        ("Implementation of decision support tools across Sussex", ["28/2/21"], "Not started"),
        facts=("Primary Care & Community Services", "Karen Breen", "Sarah Henley", "DK / CK / AC",
               "Becky Gayler / Hollie Hughes")),
]

# --- Seed 000: PCIP Recovery Plan, NHS Lanarkshire, 24/08/2020 --------------------------------

RECOVERY_PLAN = [  # (ref, section or workstream), sections and rows in the seed's order
    ("1", "Community Treatment & Care and Urgent Care"),
    ("1.1", "MDT Model"), ("1.2", "Phlebotomy Services"), ("1.3", "Treatment Room Services"),
    ("1.4", "Advanced Practice Physiotherapists (APPs)"), ("1.5", "Community Link Workers"),
    ("1.6", "Chronic Disease Management"), ("1.7", "ANPs"), ("1.8", "GPNs"),
    ("1.9", "CTAC Digital Requirements"), ("1.10", "CTAC Property Requirements"),
    ("2", "Digital"),
    ("2.1", "Remote working and appointment booking"), ("2.2", "Treatment Room Services"),
    ("2.3", "Information Sharing Agreements between GP practices and the Health Board"),
    ("2.4", "Vision Anywhere"), ("2.6", "Serial Prescribing"), ("2.7", "Scanning contact"),
    ("3", "Pharmacotherapy"),
    ("3.1", "Pharmacists in Practice"), ("3.2", "Implementation of Hub model"),
    ("3.3", "Serial Prescribing"),
    ("4", "Premises"),
    ("4.1", "Leases"), ("4.2", "Administration of Sustainability Loans"),
    ("5", "VTP"),
    ("5.1", "Influenza"), ("5.2", "Travel Vaccinations"),
    ("6", "Primary Care Improvement Team"),
    ("6.1", "PCIT Team"),
    ("7", "PCIP Aligned"),
    ("7.1", "Near Me Roll Out"), ("7.2", "OT in GP Practices Test"),
    ("7.3", "Scoping Accommodation"), ("7.4", "GP IT Re-provisioning"),
    ("7.5", "Action 15 - Primary Care Mental Health & Wellbeing service"),
]
RECOVERY_PLAN_PHASES = [
    "Pre COVID position and next steps plan", "Position during COVD pause",
    "Step up options and considerations post COVID pause",
    "Progress – update on transition to parallel health provision post COVID pause",
    "Step down considerations during continuation of parallel healthcare provision",
]

# --- Seed 002: Primary Care Programme Report, Western Locality, to 24/01/2018 ------------------

PROGRAMME_HEADER = ["Primary Care",
                    "SROs: Dr Shelagh McCormick and Mark Procter; Programme Lead: Nicola Jones",
                    "To 24 th January 2018"]
PROGRAMME_REPORT = [  # (workstream, [(letter, start of the activity), ...], dates in its updates)
    ("Leadership and governance for transformation",
     [("a", "Improving practices' capacity to transform at scale"),
      ("b", "Aligning and strengthening delivery of primary care transformation")],
     ["Sep 17"]),
    ("Model of Care",
     [("a", "Implement a model for provision of primary care to people living in care homes"),
      ("b", "Develop a model for provision of home visits"),
      ("c", "Develop a system of integrated telephone triage"),
      ("d", "Review benefits of Primary Care Home initiatives"),
      ("e", "Review financial risk management barriers"),
      ("f", "Review the boundaries for GP practice federations"),
      ("g", "Develop a single team"),
      ("h", "Finalise and implement Livewell's offer of resource"),
      ("i", "Maximise opportunities for Community Pharmacy"),
      ("j", "Develop triage to community pharmacy by 111 using DDocs"),
      ("k", "Implement online consultation"),
      ("l", "Take opportunities to use IT effectively to enhance patient care")],
     ["by Mar 18"]),
    ("Access and Workload",
     [("a", "Reduce patient demand on general practice"),
      ("b", "Ensure appropriate services are available in relation to demand"),
      ("c", "Inform patients and redirect demand"),
      ("d", "Ensure plans and funding for extended access"),
      ("e", "Review DRSS to address practice concerns"),
      ("f", "Eradicate duplication in patient experience for QOF"),
      ("g", "Expand the Single Trusted Assessment"),
      ("h", "Facilitate practices sub-contracting with each other")],
     ["Jan 18"]),
    ("Workforce",
     [("a", "Develop a system Workforce Plan"),
      ("b", "Determine 'Workforce Gap'"),
      ("c", "Arrange clinical interface opportunities"),
      ("d", "Enable portfolio careers"),
      ("e", "Simplify career navigation"),
      ("f", "Enable GP career changes"),
      ("g", "Describe the role of Physician Assistant"),
      ("h", "Arrange action learning sets"),
      ("i", "Implement a health passport"),
      ("j", "Enable and increase placements of student nurses"),
      ("k", "Find a way to join up recruitment across organisations"),
      ("l", "Ensure maximum advantage is taken of the GP international recruitment"),
      ("m", "Better understand, optimise and secure the role of clinical pharmacists")],
     []),
    ("Data, Quality and Safety",
     [("a", "Data exchange between commissioners and providers"),
      ("b", "Improve outcomes for patients with chronic pain"),
      ("c", "Promote benefits of intra operability")],
     ["11/10/17"]),
    ("Change Support",
     [("a", "Ensure practices' delivery of At Scale and Resilience plans"),
      ("b", "Recruit Change Manager")],
     []),
    ("Resource Enablers",
     [("a", "Ensure live ETTF projects will deliver"),
      ("b", "Create a plan for infrastructure")],
     []),
    ("Communication and Engagement",
     [("a", "Ensure change is supported by communication and engagement")],
     ["Sep 17", "13/10/17", "17/10/17"]),
]

# --- Seed 003: Winter Access Plan & Escalation, BNSSG, 25/01/2022 ------------------------------

SCHEME_SECTIONS = ["Winter Access Plan", "Primary Care Escalation", "System Planning"]
SCHEMES = [  # (number, start of the bold title)
    ("1", "Enhanced General Practice Resilience & Quality Support Programme"),
    ("2", "Collaborative staff bank"),
    ("3a", "GP Clinical Network Service (GP-CNS)"),
    ("3b", "Digital remote consultation offer"),
    ("4", "Mental health offer"),
    ("5a", "Same Day Urgent Care/ Expansion of Improved Access (IA)"),
    ("5b", "System Clinical Assessment Service (CAS)"),
    ("6a", "Community Pharmacy/Meds Op Offer: Community Pharmacy Consultation Service"),
    ("6b", "Community Pharmacy/Meds Op Offer: Patient Group Directions"),
    ("6c", "Community Pharmacy/Meds Op Offer: Hubs"),
    ("7", "Proactive and positive insights and engagement with our communities"),
    ("8", "Telephony"),
]
SCHEME_OPTIONS = ["System Partner Support", "Health Inequalities Bid",
                  "Community Pharmacy Dermatology"]
SCHEME_SLIDES = [  # the paper's headings, in its order
    "Overview", "Winter Access Plan aimed at", "Scheme details",
    "Additional Schemes to be further scoped", "Key Risks and issues", "Next Steps",
    "Primary Care Escalation", "System Planning", "Key Operational Plan Areas for Primary Care",
]

# --- Seed 004: Delivery Plan Appendix 3, Worcestershire, 21/02/2017 ----------------------------

DELIVERY_PLAN = [  # (theme, [(scheme, its milestone dates as written), ...])
    ("GPFV – Model of care",
     [("Federation Development (general practice at scale)", ["Mid 18/19", "31st march 2017"]),
      ("Worcestershire Alliance", ["Q2 17/18"])]),
    ("GPFV – Improving access",
     [("Extended Access", ["April 17", "March 19"])]),
    ("GPFV – Workforce",
     [("Developing an alternative Workforce Model", ["April 17", "March 17", "May 17"]),
      ("Practice Nurse development", ["March 18"]),
      ("GP Retention", ["March 18"]),
      ("Practice Manager and wider team development", ["March 18"])]),
    ("GPFV – Workload",
     [("Releasing Time for Care Programme", ["18/19"]),
      ("Making Time Audit and 10 High Impact Actions", ["Dec 2017"]),
      ("Internal programme for resilience", ["May 17", "June 17", "Feb 17"]),
      ("Telephony", ["April 17", "17/18"]),
      ("EMIS Sharing of Records", ["17/18"]),
      ("Back office productivity", ["April 2017"]),
      ("Online Consultations", ["April 2017", "Sept 2017"]),
      ("Premises Development", ["end March 2017", "end March 2018", "early 17/18", "18/19"])]),
]
