import assert from 'node:assert/strict';
import ejs from 'ejs';

const render = (name: string, data: Record<string, unknown>) => ejs.renderFile(`views/partials/${name}.ejs`, data, { root: 'views' });

describe('component partials', () => {
  it('renders radios with the chosen value, a hint and an error linked for screen readers', async () => {
    const html = await render('radios', {
      name: 'wayOfWorking',
      legend: 'Way of working',
      items: [
        { value: 'old', text: 'Old' },
        { value: 'new', text: 'New', hint: 'Three Conversations' },
      ],
      value: 'new',
      error: 'Select a way of working',
    });
    assert.match(html, /govuk-form-group--error/);
    assert.match(html, /aria-describedby="wayOfWorking-error"/);
    assert.match(html, /id="wayOfWorking-2" name="wayOfWorking" type="radio" value="new" checked/);
    assert.match(html, /<span class="govuk-visually-hidden">Error:<\/span> Select a way of working/);
  });

  it('escapes text everywhere and allows markup only where a cell asks for it', async () => {
    const html = await render('table', {
      caption: '<b>c</b>',
      head: ['<i>h</i>'],
      rows: [['<script>x</script>', { html: '<a href="/x">ok</a>' }]],
      firstCellIsHeader: true,
    });
    assert.match(html, /&lt;b&gt;c&lt;\/b&gt;/);
    assert.match(html, /&lt;script&gt;x&lt;\/script&gt;/);
    assert.match(html, /<a href="\/x">ok<\/a>/);
    assert.match(html, /<th scope="row" class="govuk-table__header">/);
  });

  it('renders the notification banner, tag, summary list and error summary', async () => {
    assert.match(
      await render('notification-banner', { type: 'success', text: 'Saved' }),
      /govuk-notification-banner--success" role="alert"/,
    );
    assert.match(await render('tag', { text: 'Current', colour: 'blue' }), /govuk-tag govuk-tag--blue/);
    const list = await render('summary-list', { rows: [{ key: 'Goal', value: 'x', action: { href: '/e' } }] });
    assert.match(list, /href="\/e">Change<span class="govuk-visually-hidden"> goal<\/span>/);
    const summary = await render('error-summary', { errors: { summary: [{ text: 'Enter a name', href: '#name' }], fields: {} } });
    assert.match(summary, /<a href="#name">Enter a name<\/a>/);
  });
});
