import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { type ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, TitleStrategy, withComponentInputBinding } from '@angular/router';
import { AppTitleStrategy } from './core/app-title.strategy';
import { routes } from './app.routes';
import { credentialsInterceptor, problemInterceptor, sessionExpiryInterceptor } from './core/interceptors';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding()),
    { provide: TitleStrategy, useExisting: AppTitleStrategy },
    provideHttpClient(withInterceptors([credentialsInterceptor, sessionExpiryInterceptor, problemInterceptor])),
  ],
};
