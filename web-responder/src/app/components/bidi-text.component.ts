import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { TextPart } from './bidi';

/**
 * Renders a composed string piece by piece: sender-controlled pieces in `<bdi>` (direction
 * from their own content, isolated), the rest as plain text. The text content is unchanged.
 */
@Component({
  selector: 'hro-bidi-text',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `@for (p of parts(); track $index) {
    @if (p.iso) {
      <bdi>{{ p.text }}</bdi>
    } @else {
      <span>{{ p.text }}</span>
    }
  }`,
})
export class BidiTextComponent {
  readonly parts = input.required<TextPart[]>();
}
