/** A site's areas, in the order of the team's rhythm, as the site page links to them. */
export const SITE_AREAS = [
  {
    slug: 'huddles',
    title: 'Daily huddles',
    summary: 'The board the team stands round each morning: who is here, new contacts, people in crisis and actions.',
  },
  {
    slug: 'reflections',
    title: 'Weekly reflections',
    summary: 'What went well, what got in the way, what we learned and how the team is feeling.',
  },
  { slug: 'actions', title: 'Actions', summary: 'Every action agreed at huddles and reflections, with its owner and due date.' },
  {
    slug: 'getting-in-the-way',
    title: 'What is getting in the way',
    summary: 'The forms, rules, panels and systems that stop the team working the new way.',
  },
  { slug: 'measures', title: 'Measures', summary: 'Contacts, waiting times and outcomes: the old way of working against the new.' },
  { slug: 'stories', title: 'Stories of difference', summary: 'What changed for people the team worked with, told with their consent.' },
  {
    slug: 'show-and-tells',
    title: 'Show-and-tells',
    summary: 'The end-of-fortnight session for directors, partners and experts by experience.',
  },
] as const;
