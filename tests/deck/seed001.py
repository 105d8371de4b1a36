"""Real workstreams from seed 001 (Primary Care Restoration and Recovery, West Sussex, Nov 2020).

Copied from the seed's slides so rendered decks can be compared with the report they reproduce.
East Sussex and Brighton and Hove rows are illustrative, to exercise several regions.
"""

from __future__ import annotations

from pcxl.dataset import Dataset
from tests.deck.builders import (
    REGIONS,
    action,
    completed,
    escalation,
    highlight,
    make_dataset,
    milestone,
    update,
    workstream,
)

SMI = "Serious Mental Illness (SMI) LCS"
DATA = "Primary Care Data"
COPD = "High Risk Patients: COPD"
FLU = "Patients Flu Vaccinations"
EAST, BRIGHTON = REGIONS[1], REGIONS[2]

WORKSTREAMS = [
    workstream(SMI, updated_by="Keith Hoare / Hollie Hughes", delivery_rag="Amber",
               objective="To review the LCS, the activity and payment mechanisms for this service "
                         "and to produce an action plan to improve delivery. This may include the "
                         "option to commission in a different way"),
    workstream(DATA, pmo_support="DK", updated_by="Alex Palethorpe", restoration_rag="Amber",
               delivery_rag="Red"),
    workstream(COPD, type="BAU", pmo_support="DK / CK / AC", updated_by="Penny Hawes"),
    workstream(FLU, group="Patients", sro="Hugo Luck", silver_lead="Mandy Catchpole",
               pmo_support="CK", updated_by="Hugo Luck", delivery_rag="Amber"),
    workstream("BAME LCS", state="Closed", delivery_rag="Blue", restoration_rag="Blue",
               date_closed="07/08/2020", outcome="Delivered"),
    workstream(SMI, region=EAST, delivery_rag="Green", updated_by="Luke Smith"),
    workstream(DATA, region=EAST, delivery_rag="Amber", updated_by="Luke Smith"),
    workstream(SMI, region=BRIGHTON, delivery_rag="Red", updated_by="Carla Dow"),
]

UPDATES = [
    highlight(SMI, "ICS team engaged and links between T&F and ICS work stream established"),
    highlight(SMI, "Baselines to be established"),
    highlight(SMI, "Refocus on the data and trajectory to meet the 60% standard – identify "
                   "alternative commissioning options"),
    highlight(SMI, "Q2 returns showed issues around data collection in CWS, but also highlighted "
                   "poor returns generally. Meeting to be held with Digital team and Primary Care "
                   "to identify issues and resolve ready for Q3 returns"),
    highlight(SMI, "MH commissioners to complete bids for resources to improve take up of SMI "
                   "Physical Health Checks"),
    escalation(SMI, "Need assistance with conversations with Digital Team around automatic data "
                    "extraction"),
    escalation(SMI, "Delay in request to practices for Q2 data being sent due to significant "
                    "technical issues with TPP, requested extension from NHSE"),
    completed(SMI, "Trajectories for achievement of targets discussed and agreed"),
    completed(SMI, "Meeting held with BI and Digital to agree how quarterly returns will be "
                   "co-ordinated and submitted"),
    completed(SMI, "Communication to all practices was sent week commencing 28/09/20 advising "
                   "how practices can submit their returns"),
    completed(SMI, "Final draft SOP circulated for comment"),
    completed(SMI, "Q2 returns submitted"),
    completed(SMI, "MH ICS received SOP 20/10/20"),
    completed(SMI, "LMDs approved SOP 22/10/20"),
    highlight(SMI, "Practice searches re-run following the TPP fix; returns expected by "
                   "20/11/20", region=EAST),
    highlight(SMI, "Uptake of physical health checks remains below the 60% standard",
              region=BRIGHTON),
    highlight(DATA, "NHSE/I team gave presentation on GP appointment data on 24th Sept. Looking "
                    "for 5 practices to be part of their pilot - 4 practices now agreed"),
    highlight(DATA, "Timeline for data collection slipped due to IT issues experienced by "
                    "Digital team – findings to be shared w/c 9 November"),
    highlight(DATA, "Both LMTs approved pilot and funding"),
    highlight(DATA, "Pilot delayed by 2 weeks due to competing priorities within digital team; "
                    "due to be released to all 15 practices 3/11/20 with data returned by "
                    "13/11/20, analysed and findings shared w/c 30/11"),
    escalation(DATA, "Risk added re the competing priorities and deadlines within the digital "
                     "team that they may not be able to support the workstream now or in the "
                     "long term"),
    completed(DATA, "Draft comms to pilot sites updated and shared with Primary Care Senior "
                    "Team for approval"),
    completed(DATA, "Telephone data collection commenced, findings to be fed back at 19/11 "
                    "meeting"),
    completed(DATA, "Draft position statement comms sent to all 15 practices 31/10 informing "
                    "them to expect pilot w/c 2/11"),
    update(DATA, "Next step", "Options appraisal to be presented to LMTs w/c 30/11/20"),
    highlight(COPD, "Draft SOP produced ahead of schedule – signed off by LCS Restoration & "
                    "Recovery group on 02/09/2020"),
    highlight(COPD, "T&F Group scoping for 2nd phase of work – to identify and review best "
                    "practice locally & nationally; to undertake a review of all existing "
                    "respiratory LCS specs; and to develop objectives for a harmonised LCS."),
    highlight(COPD, "Community Respiratory teams advise unable to accept referrals without "
                    "spirometry. Gap in service provision for newly diagnosed patients."),
    escalation(COPD, "Sign-off needed by Medical Directors group a.s.a.p. as now a delay to "
                     "publication"),
    completed(COPD, "Launch of clinical webinar due to consultant availability now resolved and "
                    "back on track"),
    completed(COPD, "SOP agreed by Medical Directors group for sign-off"),
    highlight(FLU, ">58% 65+ vaccinated as of 22/10/20"),
    highlight(FLU, "Working with PCNs to understand disparity between <65 at risk performance "
                   "(Brighton outlier)"),
    highlight(FLU, "Latest NHSE reminder letter to patients resulted in inappropriate "
                   "additional calls to practices"),
    highlight(FLU, "Vaccinations for housebound patients with SCFT agreed – ESHT to be "
                   "confirmed."),
    completed(FLU, "Local weekly reporting on progress now in place"),
    completed(FLU, "Details of arrangements for accessing further vaccine from mid November "
                   "received and circulated"),
    completed(FLU, "Process in place to receive and respond to bids for additional funding."),
]

MILESTONES = [
    milestone(SMI, "Agreed Trajectories", "09/09/20", "Achieved"),
    milestone(SMI, "Agree whether SOP or similar required to assist practices with SMI PH",
              "10/09/20", "Achieved"),
    milestone(SMI, "Quarterly data collection process agreed, between Digital, Performance and "
                   "Intelligence and Primary Care", "30/09/20", "On track"),
    milestone(SMI, "Final SOP signed off at T&F Group", "20/10/20", "Off track"),
    milestone(SMI, "SOP issued", "End of October", "On track"),
    milestone(SMI, "Q2 data to be reviewed", "30/10/20", "On track"),
    milestone(SMI, "Place based webinars to take place lead by clinicians", "30/11/20",
              "On track"),
    milestone(SMI, "Practice searches re-run", "13/11/20", "In progress", region=EAST),
    milestone(SMI, "Uptake recovery plan agreed", "30/11/20", "At risk", region=BRIGHTON),
    milestone(DATA, "Assessment of qualitative and quantitative data currently available",
              "02/09/20", "Slipped", forecast="05/11/20"),
    milestone(DATA, "Engagement with PCNs and other stakeholders complete – 'Wish list' and "
                    "drivers understood", "09/09/20", "Completed"),
    milestone(DATA, "Paper to LMT requesting support and Funding", "13/10/20", "Completed"),
    milestone(DATA, "Preparation communication with the pilot practices sent", "29/10/20",
              "Completed"),
    milestone(DATA, "Options Appraisal presented to LMTs. Preferred option identified.",
              "w/c 16/11/20", "Slipped", forecast="w/c 30/11/20"),
    milestone(DATA, "Pilot completed", "TBC", "Not started"),
    milestone(DATA, "Preferred solution implemented", "November", "On hold",
              comment="Awaiting LMT outcome"),
    milestone(DATA, "Pilot practices confirmed", "30/10/20", "Delayed", region=EAST),
    milestone(COPD, "Final SOP document agreed by T&F group", "15/09/2020", "Achieved",
              forecast="01/09/20"),
    milestone(COPD, "SOP approved by LCS Restoration group", "16/09/2020", "Achieved",
              forecast="02/09/20"),
    milestone(COPD, "SOP presented to Medical Directors", "22/09/2020", "Achieved"),
    milestone(COPD, "Reach agreement with community respiratory teams regarding the issue of "
                    "requiring spirometry with referrals", "02/10/2020", "In progress"),
    milestone(COPD, "Guidance / SOP to practices published", "25/09/2020", "Revised date",
              forecast="16/10/2020", comment="Delayed pending resolution of the above"),
    milestone(COPD, "Clinical Webinar on COPD SOP", "12/11/2020", "On Track"),
]

ACTIONS = [
    action(FLU, "Development of a mixed model for vaccination delivery in progress with PCNs, "
                "Community Providers and Pharmacies.", target="TBC",
           owner="Hugo Luck / Mandy Catchpole"),
    action(FLU, "Contractual arrangements to be developed with NHS Community Providers for "
                "housebound patient groups (partially – ESHT to confirm)", target="05/10/20",
           owner="Hugo Luck / Mandy Catchpole"),
    action(FLU, "Establish vaccination model for homeless populations.", target="01/11/20",
           owner="Hugo Luck / Mandy Catchpole"),
    action(FLU, "Review of NHS Provider vaccination programme for long stay patients and "
                "pregnant women. Awaiting NHS Acute Community Providers specification.",
           target="01/11/20", owner="Hugo Luck / Mandy Catchpole"),
]


def seed_dataset() -> Dataset:
    """The seed's workstreams across three regions."""
    return make_dataset(REGIONS, WORKSTREAMS, MILESTONES, UPDATES, ACTIONS)
