import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { SituationSummary } from '@hro/domain';
import { summary } from '../../../testing/fixtures';
import { problemInterceptor } from '../../core/interceptors';
import { QueuePage } from './queue.page';

const RLO = '\u202E';

describe('QueuePage', () => {
  async function render(items: SituationSummary[]): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    const fixture = TestBed.createComponent(QueuePage);
    fixture.detectChanges();
    const http = TestBed.inject(HttpTestingController);
    http.expectOne((r) => r.url === '/api/v1/situations').flush({ items, total: items.length, limit: 200, offset: 0 });
    fixture.detectChanges();
    await fixture.whenStable();
    http.verify();
    return fixture.nativeElement as HTMLElement;
  }

  it('isolates a title carrying U+202E piece by piece, so it cannot disguise the service or environment', async () => {
    // As the workflow builds it: "<alert name> on <service> in <environment>".
    const title = `DiskFull${RLO}eutsch-prod on storage in prod`;
    const el = await render([summary({ id: 'sit-1', title, service: 'storage', environment: 'prod' })]);
    const link = el.querySelector('a.title-link')!;
    expect(link.textContent).toBe(title);
    expect([...link.querySelectorAll('bdi')].map((b) => b.textContent)).toEqual([
      `DiskFull${RLO}eutsch-prod`,
      'storage',
      'prod',
    ]);
    // The service column and the environment under it are isolated too.
    const row = el.querySelector('tr[data-situation-id="sit-1"]')!;
    expect(row.querySelector('td:nth-child(4) bdi')!.textContent).toBe('storage');
    expect(row.querySelector('td:nth-child(4) div')!.getAttribute('dir')).toBe('auto');
    // Menu entries built from sender values decide their own direction.
    expect(el.querySelector('select[name=service] option[value=storage]')!.getAttribute('dir')).toBe('auto');
  });

  it('puts the table in its own keyboard-scrollable region and shows an honest count', async () => {
    const el = await render([summary({ id: 'sit-1' }), summary({ id: 'sit-2' })]);
    const region = el.querySelector('.table-scroll')!;
    expect(region.getAttribute('role')).toBe('region');
    expect(region.getAttribute('aria-label')).toBe('Situation list');
    expect(region.getAttribute('tabindex')).toBe('0');
    expect(region.querySelector('table.queue')).not.toBeNull();
    expect(el.querySelector('[data-testid="queue-count"]')!.textContent!.trim()).toBe('2 shown');
  });
});
