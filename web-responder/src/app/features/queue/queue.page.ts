import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AgeComponent } from '../../components/age.component';
import { titleParts } from '../../components/bidi';
import { BidiTextComponent } from '../../components/bidi-text.component';
import { DeadlineComponent } from '../../components/deadline.component';
import { SEVERITY_ORDER, STATE_LABELS, STATE_ORDER } from '../../components/labels';
import { ErrorBannerComponent } from '../../components/error-banner.component';
import { SeverityBadgeComponent } from '../../components/severity-badge.component';
import { StateBadgeComponent } from '../../components/state-badge.component';
import { RealtimeService } from '../../core/realtime.service';
import type { QueueSort, StateFilter } from './queue-filter';
import { QueueStore } from './queue-store';

/** The live situation queue: filter, sort, search; rows update as events arrive. */
@Component({
  selector: 'hro-queue-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    AgeComponent,
    BidiTextComponent,
    DeadlineComponent,
    ErrorBannerComponent,
    SeverityBadgeComponent,
    StateBadgeComponent,
  ],
  providers: [QueueStore],
  templateUrl: './queue.page.html',
})
export class QueuePage {
  protected readonly store = inject(QueueStore);
  protected readonly realtime = inject(RealtimeService);
  protected readonly severities = SEVERITY_ORDER;
  protected readonly states = STATE_ORDER;
  protected readonly stateLabels = STATE_LABELS;
  protected readonly titleParts = titleParts;
  protected readonly sorts: { value: QueueSort; label: string }[] = [
    { value: 'urgency', label: 'Most urgent' },
    { value: 'deadline', label: 'Deadline soonest' },
    { value: 'newest', label: 'Newest' },
    { value: 'oldest', label: 'Oldest' },
    { value: 'alerts', label: 'Most alerts' },
  ];

  protected setState(value: string): void {
    this.store.setFilter({ state: value as StateFilter });
  }

  protected setSort(value: string): void {
    this.store.setFilter({ sort: value as QueueSort });
  }
}
