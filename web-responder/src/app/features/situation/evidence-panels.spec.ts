import type { Type } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { alert } from '../../../testing/fixtures';
import { AlertsPanelComponent, LABELS_SHOWN } from './alerts-panel.component';

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
});
