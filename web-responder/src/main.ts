import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';
import { appConfig } from './app/app.config';

bootstrapApplication(AppComponent, appConfig).catch((err: unknown) => {
  // Bootstrap failures must not leave a blank page.
  document.body.textContent = `The command center failed to start: ${String(err)}`;
});
