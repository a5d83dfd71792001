import type { Type } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { alert } from '../../../testing/fixtures';
import { AlertsPanelComponent, LABELS_SHOWN } from './alerts-panel.component';
import { TimelinePanelComponent } from './timeline-panel.component';

const RLO = '\u202E';

async function render<T>(type: Type<T>, inputs: Record<string, unknown>): Promise<ComponentFixture<T>> {
  const fixture = TestBed.createComponent(type);
  for (const [k, v] of Object.entries(inputs)) fixture.componentRef.setInput(k, v);
  fixture.detectChanges();
  await fixture.whenStable();
  return fixture;
}

describe('AlertsPanelComponent labels', () => {
  // 40 labels besides the key ones, as a noisy exporter sends them.
  const labels: Record<string, string> = { alertname: 'DiskFull', service: 'storage', environment: 'prod' };
  for (let i = 0; i < 40; i++) labels[`label_${String(i).padStart(2, '0')}`] = `v${i}`;

  it(`shows the first ${LABELS_SHOWN} labels, key ones first, and a keyboard-operable "show all" toggle`, async () => {
    const fixture = await render(AlertsPanelComponent, { alerts: [alert({ id: 'a1', name: 'DiskFull', labels })] });
    const el = fixture.nativeElement as HTMLElement;
    const items = () => [...el.querySelectorAll('ul.labels li')].map((li) => li.textContent!.trim());
    expect(items()).toHaveLength(LABELS_SHOWN);
    expect(items().slice(0, 4)).toEqual(['alertname=DiskFull', 'service=storage', 'environment=prod', 'label_00=v0']);

    const toggle = el.querySelector<HTMLButtonElement>('button.labels-toggle')!;
    expect(toggle.type).toBe('button'); // a native button: Enter and Space work, it is in the tab order
    expect(toggle.textContent!.trim()).toBe('Show all 43 labels');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.getAttribute('aria-controls')).toBe(el.querySelector('ul.labels')!.id);

    toggle.click();
    fixture.detectChanges();
    expect(items()).toHaveLength(43);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.textContent!.trim()).toBe('Show fewer labels');
    toggle.click();
    fixture.detectChanges();
    expect(items()).toHaveLength(LABELS_SHOWN);
  });

  it('has no toggle when every label fits', async () => {
    const fixture = await render(AlertsPanelComponent, { alerts: [alert()] });
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelectorAll('ul.labels li')).toHaveLength(3);
    expect(el.querySelector('button.labels-toggle')).toBeNull();
  });

  it('isolates sender text: the alert name, summary, and each label key and value', async () => {
    const name = `DiskFull${RLO}eutsch-prod`;
    const fixture = await render(AlertsPanelComponent, {
      alerts: [alert({ name, summary: `full on ${RLO}node-7`, labels: { alertname: name } })],
    });
    const el = fixture.nativeElement as HTMLElement;
    const strong = el.querySelector('summary strong')!;
    expect(strong.textContent).toBe(name);
    expect(strong.getAttribute('dir')).toBe('auto');
    expect(el.querySelector('td div.small')!.getAttribute('dir')).toBe('auto');
    expect(el.querySelector('td div')!.textContent!.trim()).toBe('api-7f9c (alertmanager)');
    expect(el.querySelector('td div bdi')!.textContent).toBe('api-7f9c');
    expect([...el.querySelectorAll('ul.labels bdi')].map((b) => b.textContent)).toEqual(['alertname', name]);
  });
});

describe('TimelinePanelComponent', () => {
  it("isolates an alert entry's leading alert name, so U+202E in it cannot reverse the words after it", async () => {
    const name = `DiskFull${RLO}eutsch-prod`;
    const message = `${name} fired (warning, from alertmanager)`;
    const fixture = await render(TimelinePanelComponent, {
      alerts: [alert({ id: 'a1', name })],
      entries: [{ at: '2026-12-03T19:00:00.000Z', kind: 'alert.fired', message, alertId: 'a1', actor: null }],
    });
    const msg = (fixture.nativeElement as HTMLElement).querySelector('.message')!;
    expect(msg.textContent!.trim()).toBe(message);
    const bdi = msg.querySelectorAll('bdi');
    expect(bdi).toHaveLength(1);
    expect(bdi[0]!.textContent).toBe(name);
    expect(msg.querySelector('span')!.textContent).toBe(' fired (warning, from alertmanager)');
  });

  it('isolates a message and its actor when nothing is known to lead it', async () => {
    const fixture = await render(TimelinePanelComponent, {
      entries: [
        {
          at: '2026-12-03T19:00:00.000Z',
          kind: 'situation.transition',
          message: `awaiting_approval → rejected: no ${RLO}way`,
          alertId: null,
          actor: `ana${RLO}@example.com`,
        },
      ],
    });
    const msg = (fixture.nativeElement as HTMLElement).querySelector('.message')!;
    expect([...msg.querySelectorAll('bdi')].map((b) => b.textContent)).toEqual([
      `awaiting_approval → rejected: no ${RLO}way`,
      `ana${RLO}@example.com`,
    ]);
    expect(msg.textContent!.trim()).toBe(`awaiting_approval → rejected: no ${RLO}way by ana${RLO}@example.com`);
  });
});
