import type { Routes } from '@angular/router';
import { authGuard } from './core/auth.guard';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'situations' },
  {
    path: 'login',
    title: 'Sign in',
    loadComponent: () => import('./features/auth/login.page').then((m) => m.LoginPage),
  },
  {
    path: 'situations',
    title: 'Situations',
    canActivate: [authGuard],
    loadComponent: () => import('./features/queue/queue.page').then((m) => m.QueuePage),
  },
  {
    path: 'situations/:id',
    title: 'Situation',
    canActivate: [authGuard],
    loadComponent: () => import('./features/situation/situation.page').then((m) => m.SituationPage),
  },
  { path: '**', redirectTo: 'situations' },
];
