import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { SessionService } from './session.service';

/** Lets signed-in users through; others go to login with their destination preserved. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const session = inject(SessionService);
  const router = inject(Router);
  const user = session.user() ?? (await session.restore());
  return user ? true : router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};
