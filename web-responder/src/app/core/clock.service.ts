import { DestroyRef, inject, Injectable, signal } from '@angular/core';

/** One shared ticking "now" for ages and countdowns, so views don't each run timers. */
@Injectable({ providedIn: 'root' })
export class ClockService {
  private readonly nowState = signal(Date.now());
  readonly now = this.nowState.asReadonly();

  constructor() {
    const id = setInterval(() => this.nowState.set(Date.now()), 1000);
    inject(DestroyRef).onDestroy(() => clearInterval(id));
  }
}
