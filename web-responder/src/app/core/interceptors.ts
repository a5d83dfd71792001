import type { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { toApiError } from './api-error';
import { SessionService } from './session.service';

/** Sends the httpOnly session cookie with every API call. */
export const credentialsInterceptor: HttpInterceptorFn = (req, next) => next(req.clone({ withCredentials: true }));

/** Calls whose 401 is an answer, not an expired session. */
const AUTH_PROBES = ['/api/v1/auth/login', '/api/v1/auth/me'];

/** An expired session sends the user to login, remembering where they were. */
export const sessionExpiryInterceptor: HttpInterceptorFn = (req, next) => {
  const router = inject(Router);
  const session = inject(SessionService);
  return next(req).pipe(
    catchError((err: unknown) => {
      const apiError = toApiError(err);
      if (apiError.status === 401 && !AUTH_PROBES.some((p) => req.url.endsWith(p))) {
        session.expire();
        const current = router.url;
        if (!current.startsWith('/login')) {
          void router.navigate(['/login'], { queryParams: { returnUrl: current, expired: 1 } });
        }
      }
      return throwError(() => apiError);
    }),
  );
};

/** Every failure reaching a component is an ApiError carrying the problem details. */
export const problemInterceptor: HttpInterceptorFn = (req, next) =>
  next(req).pipe(catchError((err: unknown) => throwError(() => toApiError(err))));
