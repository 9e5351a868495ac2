/**
 * The demo's stories of difference, as text only (the stories feature seeds them with statuses,
 * consent and fortnights). Fictional: no real people, places or councils. The clean ones are
 * written as an approved story would be, with nothing a "motivated intruder" could use; the
 * identifier check's false-alarm rate is measured on them (test/unit/identifiers.test.ts).
 */

export interface DemoStoryText {
  title: string;
  /** Conversations involved, from 1, 2 and 3. */
  conversations: (1 | 2 | 3)[];
  themes: string[];
  whatMattered: string;
  whatWeDid: string;
  differenceItMade: string;
  oldWay: string;
}

export const DEMO_STORY_TEXTS: readonly DemoStoryText[] = [
  {
    title: 'Back at the Wednesday lunch club',
    conversations: [1],
    themes: ['connected to community', 'no hand-offs'],
    whatMattered:
      'An older man rang us a few months after his wife died. He said he was managing the house but that the days were long and he had stopped going out. What mattered to him was having somewhere to go and someone to talk to about football, which he and his wife used to watch together.',
    whatWeDid:
      'We talked with him at his kitchen table the same week, in Conversation 1, rather than booking an assessment. A worker from the community centre came along on the second visit and told him about the Wednesday lunch club and the walking football group on Saturday mornings. His neighbour offered to give him a lift the first time.',
    differenceItMade:
      'He has been to the lunch club every week since March and now helps set out the tables. He told us, "I didn\'t want a carer, I wanted a reason to put my shoes on." His GP says he is sleeping better and he has not needed to call us again.',
    oldWay:
      'The old way, his call would have gone onto the duty list and waited about six weeks for a social care assessment. The likely outcome was a referral to a day centre with transport, which he told us he would have turned down, and the case would have been closed with nothing changed.',
  },
  {
    title: 'A ramp, not a care home',
    conversations: [2],
    themes: ['stayed at home', 'no hand-offs', 'hospital discharge'],
    whatMattered:
      'An older woman was in hospital after a fall at home. The ward thought she might need a care home because she could not manage the step at her front door. What mattered to her was going home to her cat and her garden, and not being "a bother" to her son, who works nights.',
    whatWeDid:
      'In Conversation 2 we met her on the ward with her son on a Friday afternoon. Our occupational therapist visited the house the next Monday, the equipment service fitted a temporary ramp and a second banister on the Tuesday, and we arranged a few days of short visits from the reablement team to help her settle in. The same worker stayed with her throughout and rang her every morning for the first week.',
    differenceItMade:
      'She went home six days after we first met her, and the visits stopped after a fortnight because she no longer needed them. Her son said it was the first time nobody had asked him to repeat the whole story. She still phones the team to say hello at Christmas.',
    oldWay:
      'The old way, the ward would have made a referral for a long-term placement, a hospital social worker would have assessed her, and the case would have gone to the funding panel. She would very likely have moved into a residential home "for now", and few people go home once that happens.',
  },
  {
    title: 'Her daughter kept her job',
    conversations: [1, 3],
    themes: ['carer supported', 'stayed at home'],
    whatMattered:
      'A woman caring for her mother, who has dementia, told us she was about to give up work because she could not leave her mother alone in the afternoons. What mattered to both of them was staying together in the family home, and to the daughter, keeping the job she loves at a local school.',
    whatWeDid:
      "We listened first, and then looked together at what the afternoons needed to look like. A friend from her mother's chapel was happy to visit twice a week, and we set up a direct payment so the daughter could pay a personal assistant she already knew for the other three afternoons. We also put her in touch with the carers' centre and helped her claim Carer's Allowance.",
    differenceItMade:
      'Six months on, the daughter is still working, and her mother looks forward to the afternoons. The daughter says she feels like a daughter again, not only a carer. The support costs less than a third of what a standard home care package would have cost.',
    oldWay:
      "The old way, there would have been a carer's assessment on a waiting list of around three months, then a standard package from an agency with different carers each day, which her mother finds distressing. The daughter told us she would have left her job before any of it started.",
  },
  {
    title: 'Keys to his own flat',
    conversations: [3],
    themes: ['living independently', 'what matters to me'],
    whatMattered:
      'A young man with a learning disability had lived with his parents all his life and wanted a place of his own, near his friends and the bus route to the college. His parents were getting older and worried about what would happen when they could no longer help.',
    whatWeDid:
      'In Conversation 3 we spent time getting to know him and his family over several visits, including a day at the college. We worked with a housing association to find a one-bedroom flat in a small supported living scheme on the bus route, and agreed a personal budget that pays for a few hours of support each week with cooking and money, which he chose himself.',
    differenceItMade:
      'He moved in during the summer and has his own keys, his own front door and a cat. He cooks most evenings and has started volunteering at a café on Thursdays. His mum told us, "For the first time in twenty years I\'m not lying awake worrying."',
    oldWay:
      'The old way, the likely route was a residential placement, possibly out of the area, found in a hurry when his parents could no longer cope. It would have cost far more and taken him away from everything he knows.',
  },
  {
    title: 'One worker, start to finish',
    conversations: [2, 3],
    themes: ['no hand-offs', 'stayed at home'],
    whatMattered:
      'A woman living with multiple sclerosis had a relapse and could no longer manage the stairs. She had been passed between teams in the past and told us she was tired of telling her story again and again. What mattered was staying in her own home, sleeping in her own bed and having one person she could ring.',
    whatWeDid:
      'One worker took her call and stayed with her from that day until things were settled. We borrowed a hospital bed for the front room straight away while the OT and the housing team looked at a stair lift, and we asked the MS nurse to join one of our visits so she did not have to attend another appointment.',
    differenceItMade:
      'The stair lift was fitted within five weeks, and she was back upstairs in her own bedroom. She said having one name and one number made all the difference. She now knows who to call if she has another relapse, and she has not needed a package of care.',
    oldWay:
      'The old way, she would have gone from the contact centre to the duty team, then to a locality team for an assessment, then to OT, and then to the housing adaptations team, each with its own waiting list. She told us that last time it took nine months and she slept downstairs on the sofa throughout.',
  },
  {
    title: 'Gardening again',
    conversations: [1],
    themes: ['connected to community', 'wellbeing'],
    whatMattered:
      'A man in his fifties who had lost his job and was struggling with low mood was referred to us by his GP as "needing social care support". When we met him, what mattered to him was feeling useful again. He used to keep an allotment and missed being outside.',
    whatWeDid:
      'We met him in a café near the market rather than at the office, and talked about what a good week would look like. We introduced him to the community garden group, which meets on Tuesday and Friday mornings, and a volunteer met him at the gate the first time. We also helped him with a Universal Credit claim that had stalled.',
    differenceItMade:
      'He now goes to the garden twice a week and has taken on looking after the greenhouse. He told us his mood has lifted and he has started applying for work again. He did not need any formal support from us.',
    oldWay:
      "The old way, the GP's referral would have led to an assessment against the eligibility criteria. He would probably not have been eligible, and he would have been given a leaflet and the case closed, with nothing changed for him.",
  },
  {
    title: "A good night's sleep for both of them",
    conversations: [2],
    themes: ['carer supported', 'stayed at home', 'crisis resolved'],
    whatMattered:
      'An older couple had been married for over sixty years. The husband has dementia and had started getting up in the night and trying to leave the house, and his wife was exhausted. The family rang us in a crisis, asking for a care home. What mattered to the couple was staying together.',
    whatWeDid:
      'We visited the next morning. We arranged a door sensor through the technology enabled care service so his wife would know if he got up, two nights a week from a sitting service so she could sleep, and a visit from the memory service to review his medication. We rang them every day for two weeks.',
    differenceItMade:
      'The night-time wandering has settled and his wife is sleeping again. They are still at home together, with their grandson popping in most evenings. The couple\'s son wrote to thank the team for "listening to Mum".',
    oldWay:
      'The old way, the crisis call would have led to an emergency respite placement, and there is a good chance he would not have come home. His wife would have lost him to a care home at the point when the right help at home was enough.',
  },
  {
    title: 'Talking it through at the kitchen table',
    conversations: [1],
    themes: ['what matters to me', 'no hand-offs'],
    whatMattered:
      'A woman whose sight had been getting worse rang us because she was frightened of cooking and had stopped going to the shops. What mattered to her was keeping her independence and carrying on with her weekly trip into town to meet her sister.',
    whatWeDid:
      'Our worker visited with the rehabilitation officer for visual impairment on the same day, so she had one visit rather than two. They showed her some simple kitchen equipment, put tactile markers on her cooker, and arranged a few sessions of mobility training for the walk to the bus stop.',
    differenceItMade:
      'Within a month she was cooking her own meals again and back on the bus to meet her sister on Saturdays. She said she felt like herself again. The equipment cost less than forty pounds.',
    oldWay:
      'The old way, her call would have been referred to the sensory team, where the waiting list was about four months, and she would probably have been offered meals on wheels in the meantime, which she told us she did not want.',
  },
  {
    title: 'Not a package, a plan',
    conversations: [3],
    themes: ['what matters to me', 'connected to community'],
    whatMattered:
      'A man who had had a stroke was home from hospital with four care calls a day that had been set up on discharge. He told us he did not need help getting dressed as much as he needed to get back to singing in his church choir, which had been the centre of his week for forty years.',
    whatWeDid:
      'We sat down with him and his brother to plan what a good week looked like. We reduced the care calls to one in the morning, used part of his personal budget for a taxi to choir practice on Thursday evenings and the service on Sunday, and a choir member agreed to walk with him from the taxi to the door.',
    differenceItMade:
      'He is singing again and has regained a lot of his confidence and his speech. The new plan costs less than half of the original package. He told us the stroke had taken a lot from him, "but it hasn\'t taken the choir".',
    oldWay:
      'The old way, the four calls a day would have been reviewed after a year, and probably continued, because the review would have asked what care tasks he needed rather than what mattered to him.',
  },
  {
    title: 'Staying out of hospital',
    conversations: [2],
    themes: ['crisis resolved', 'stayed at home'],
    whatMattered:
      'A woman with a long-term lung condition and anxiety had been to A&E five times in two months, usually at night, when she felt breathless and panicked. What mattered to her was feeling safe at home and knowing someone would answer if she was frightened.',
    whatWeDid:
      'We worked with her GP practice and the community respiratory nurse in Conversation 2. The nurse agreed a plan for breathless nights, we arranged a pendant alarm linked to a response service, and our worker visited twice a week for a month to practise breathing exercises with her and help her find a local peer support group.',
    differenceItMade:
      'She has not been to A&E since. She says she now knows what to do when she feels breathless, and she has made two friends at the support group. The respiratory nurse is using the same approach with other patients.',
    oldWay:
      'The old way, each A&E attendance would have led to a separate referral, and she would probably have been assessed for home care, which would not have helped with the nights. Sooner or later she would have been admitted.',
  },
  {
    title: 'Money worries first',
    conversations: [1],
    themes: ['what matters to me', 'connected to community'],
    whatMattered:
      'A young mum with a physical disability contacted us asking for help with personal care. When we talked, it became clear that what was really worrying her was money: a benefit had stopped and she was behind on the rent. She was afraid of losing her flat.',
    whatWeDid:
      'In Conversation 1 we dealt with the money first. We linked her with the welfare rights service, who helped her appeal the benefit decision, and with the housing officer to agree a plan for the arrears. We also helped her apply for a Blue Badge and a Disabled Facilities Grant for a level-access shower.',
    differenceItMade:
      'The benefit was reinstated and backdated, and the rent arrears are cleared. With the shower fitted, she manages her own personal care and did not need the care package she first asked for. She told us she can "finally breathe".',
    oldWay:
      "The old way, she would have been assessed for personal care only, and the money worries would have been someone else's job. She would likely have been given a package of care while the real problem went on getting worse.",
  },
  {
    title: 'The Friday phone call',
    conversations: [1, 2],
    themes: ['wellbeing', 'no hand-offs'],
    whatMattered:
      'An autistic man who lives alone was finding it hard to cope after his father, who used to help him, moved away. He had stopped opening his post and was anxious about bills. What mattered to him was a routine and one person he trusted, not lots of visits.',
    whatWeDid:
      'We agreed a phone call every Friday at the same time with the same worker, and in the first weeks we opened his post together on the call. We helped him set up direct debits and introduced him to an autism peer group that meets at the library once a month. When his boiler broke in January, he rang the team straight away rather than going without heat.',
    differenceItMade:
      'After three months he asked for the calls to move to once a fortnight. His bills are up to date and he goes to the peer group. He told us the Friday call "makes the week make sense".',
    oldWay:
      'The old way, he would probably have been told he was not eligible, or offered an assessment that he would have found overwhelming. The first contact would likely have been a crisis, such as his heating being cut off.',
  },
];

/**
 * Drafts as a writer might first type them, deliberately full of identifiers, so the demo shows
 * the identifier check working. Never seed these as approved stories.
 */
export const DEMO_DRAFTS_WITH_IDENTIFIERS: readonly DemoStoryText[] = [
  {
    title: "Draft: Mrs Okafor's new routine",
    conversations: [1],
    themes: ['stayed at home'],
    whatMattered: 'Mrs Okafor, aged 93, lives alone at 14 Larch Close, ZX3 9QT, and wanted to keep going to the market on Saturdays.',
    whatWeDid:
      'Her daughter Janet rang us on 07700 900123 and we visited the next day. We checked her record (NHS number 401 023 2137, case HX-0417) before the visit.',
    differenceItMade: 'She is back at the market every week. Janet says she is 94 next month and has never been happier.',
    oldWay: 'The old way, she would have waited for an assessment and probably been offered meals on wheels.',
  },
  {
    title: 'Draft: home from hospital',
    conversations: [2],
    themes: ['hospital discharge', 'no hand-offs'],
    whatMattered: 'Mr Rhys ap Dafydd (born 12/04/1931) wanted to go home to his flat. His neighbour Rose Pritchard has a key.',
    whatWeDid:
      'We emailed the ward at ward7.discharge@example.org and agreed a date. His son Siôn lives at Flat 3, Harbour View and can be reached on 01632 960 417.',
    differenceItMade: 'He went home within a week. Our reference for him is MOS123456.',
    oldWay: 'The old way, the 91-year-old would have been referred to the panel for a care home.',
  },
];
