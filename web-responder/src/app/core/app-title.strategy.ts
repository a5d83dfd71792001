import { effect, inject, Injectable, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { type RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { AwaitingTitleService } from './awaiting-title.service';

const APP_TITLE = 'HRO Command Center';

/** "(n) awaiting approval · <page> · HRO Command Center": the count is visible from any tab. */
@Injectable({ providedIn: 'root' })
export class AppTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly awaiting = inject(AwaitingTitleService);
  private readonly page = signal<string | undefined>(undefined);

  constructor() {
    super();
    effect(() => {
      const n = this.awaiting.count();
      const parts = [n > 0 ? `(${n}) awaiting approval` : null, this.page(), APP_TITLE].filter(Boolean);
      this.title.setTitle(parts.join(' · '));
    });
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.page.set(this.buildTitle(snapshot));
  }

  /**
   * Lets a page name itself once its data is loaded (e.g. the situation's title). A title holds
   * no markup, so it is wrapped in FSI…PDI (U+2068/U+2069): a bidi control inside it cannot
   * reorder the rest of the tab title.
   */
  setPageTitle(title: string): void {
    this.page.set(`\u2068${title}\u2069`);
  }
}
