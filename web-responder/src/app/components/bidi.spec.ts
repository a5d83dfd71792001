import { TestBed } from '@angular/core/testing';
import { leadingParts, type TextPart, titleParts } from './bidi';
import { BidiTextComponent } from './bidi-text.component';

const RLO = '\u202E';

describe('titleParts', () => {
  it('isolates the alert name, service and environment of a workflow-built title', () => {
    const title = `DiskFull${RLO}eutsch-prod on storage in prod (+2 more)`;
    expect(titleParts(title, 'storage', 'prod')).toEqual([
      { text: `DiskFull${RLO}eutsch-prod`, iso: true },
      { text: ' on ', iso: false },
      { text: 'storage', iso: true },
      { text: ' in ', iso: false },
      { text: 'prod', iso: true },
      { text: ' (+2 more)', iso: false },
    ]);
  });

  it('handles a title with only a service, and one of another shape as a single isolated piece', () => {
    expect(titleParts('Down on api', 'api', null)).toEqual([
      { text: 'Down', iso: true },
      { text: ' on ', iso: false },
      { text: 'api', iso: true },
    ]);
    expect(titleParts('Situation env=prod', 'api', 'prod')).toEqual([{ text: 'Situation env=prod', iso: true }]);
    expect(titleParts(' on api', 'api', null)).toEqual([{ text: ' on api', iso: true }]);
  });
});

describe('leadingParts', () => {
  it('isolates a leading sender value and keeps the rest plain', () => {
    expect(leadingParts(`Disk${RLO}Full fired (warning, from am)`, `Disk${RLO}Full`)).toEqual([
      { text: `Disk${RLO}Full`, iso: true },
      { text: ' fired (warning, from am)', iso: false },
    ]);
    expect(leadingParts('collecting: opened', null)).toEqual([{ text: 'collecting: opened', iso: true }]);
    expect(leadingParts('other text', 'Disk')).toEqual([{ text: 'other text', iso: true }]);
  });
});

describe('BidiTextComponent', () => {
  function render(parts: TextPart[]): HTMLElement {
    const fixture = TestBed.createComponent(BidiTextComponent);
    fixture.componentRef.setInput('parts', parts);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('renders a title carrying U+202E with each sender piece in its own <bdi>, text unchanged', () => {
    const title = `DiskFull${RLO}eutsch-prod on storage${RLO} in prod`;
    const el = render(titleParts(title, `storage${RLO}`, 'prod'));
    expect(el.textContent).toBe(title);
    expect([...el.querySelectorAll('bdi')].map((b) => b.textContent)).toEqual([
      `DiskFull${RLO}eutsch-prod`,
      `storage${RLO}`,
      'prod',
    ]);
    // The words between the pieces are outside every isolate, so no override reaches them.
    const plain = [...el.querySelectorAll('span')].map((s) => s.textContent);
    expect(plain).toEqual([' on ', ' in ']);
  });
});
