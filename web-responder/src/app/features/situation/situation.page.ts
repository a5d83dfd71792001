import type { DecisionResult, SituationState } from '@hro/domain';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AppTitleStrategy } from '../../core/app-title.strategy';
import { AgeComponent } from '../../components/age.component';
import { titleParts } from '../../components/bidi';
import { BidiTextComponent } from '../../components/bidi-text.component';
import { DeadlineComponent } from '../../components/deadline.component';
import { ErrorBannerComponent } from '../../components/error-banner.component';
import { shortTime } from '../../components/time';
import { SeverityBadgeComponent } from '../../components/severity-badge.component';
import { StateBadgeComponent } from '../../components/state-badge.component';
import { AlertsPanelComponent } from './alerts-panel.component';
import { CloseFormComponent } from './close-form.component';
import { DecisionFormComponent } from './decision-form.component';
import { ExecutionPanelComponent } from './execution-panel.component';
import { PlanViewComponent } from './plan-view.component';
import { RecommendationPanelComponent } from './recommendation-panel.component';
import { SituationStore } from './situation-store';
import { TimelinePanelComponent } from './timeline-panel.component';

/** One situation: evidence, recommendation, exact plan, the decision and the live run. */
@Component({
  selector: 'hro-situation-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    AgeComponent,
    BidiTextComponent,
    DeadlineComponent,
    ErrorBannerComponent,
    SeverityBadgeComponent,
    StateBadgeComponent,
    AlertsPanelComponent,
    CloseFormComponent,
    DecisionFormComponent,
    ExecutionPanelComponent,
    PlanViewComponent,
    RecommendationPanelComponent,
    TimelinePanelComponent,
  ],
  providers: [SituationStore],
  templateUrl: './situation.page.html',
})
export class SituationPage {
  /** Route parameter, bound by the router. */
  readonly id = input.required<string>();
  protected readonly store = inject(SituationStore);
  protected readonly t = shortTime;
  protected readonly titleParts = titleParts;
  /** What the last decision taken here achieved; stays visible after the form goes away. */
  /** States in which "what your decision did" is still news. */
  protected readonly noteStates: readonly SituationState[] = ['executing', 'verifying', 'rejected'];
  protected readonly decisionNote = signal<{ message: string; final: boolean } | null>(null);

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.decisionNote.set(null);
        this.store.load(id);
      });
    });
    const titles = inject(AppTitleStrategy);
    effect(() => {
      const title = this.store.detail()?.title;
      if (title) titles.setPageTitle(title);
    });
  }

  protected onDecided(result: DecisionResult, message: string): void {
    this.decisionNote.set({ message, final: result.approvalsRemaining === 0 });
    this.store.refetch();
  }
}
