import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiError } from './api-error';
import { credentialsInterceptor, problemInterceptor, sessionExpiryInterceptor } from './interceptors';
import { SessionService } from './session.service';

@Component({ template: '' })
class BlankComponent {}

describe('HTTP interceptors', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let router: Router;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'login', component: BlankComponent },
          { path: 'situations/:id', component: BlankComponent },
        ]),
        provideHttpClient(withInterceptors([credentialsInterceptor, sessionExpiryInterceptor, problemInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    await router.navigateByUrl('/situations/sit-123456789abc?tab=plan');
  });

  afterEach(() => backend.verify());

  it('sends the session cookie with every call', async () => {
    const done = firstValueFrom(http.get('/api/v1/situations'));
    const req = backend.expectOne('/api/v1/situations');
    expect(req.request.withCredentials).toBe(true);
    req.flush({ items: [] });
    await done;
  });

  it('sends an expired session to login, keeping the place to return to', async () => {
    const session = TestBed.inject(SessionService);
    const failed = firstValueFrom(http.get('/api/v1/situations/sit-123456789abc')).catch((e: unknown) => e);
    backend
      .expectOne('/api/v1/situations/sit-123456789abc')
      .flush({ type: 'about:blank', title: 'Unauthorized', status: 401 }, { status: 401, statusText: 'Unauthorized' });
    const err = await failed;
    expect(err).toBeInstanceOf(ApiError);
    await new Promise((r) => setTimeout(r, 0));
    expect(session.user()).toBeNull();
    const url = router.parseUrl(router.url);
    expect(url.root.children['primary']?.segments.map((s) => s.path)).toEqual(['login']);
    expect(url.queryParams['returnUrl']).toBe('/situations/sit-123456789abc?tab=plan');
  });

  it('does not treat a failed sign-in as an expired session', async () => {
    const failed = firstValueFrom(http.post('/api/v1/auth/login', {})).catch((e: unknown) => e);
    backend
      .expectOne('/api/v1/auth/login')
      .flush(
        { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Invalid email or password.' },
        { status: 401, statusText: 'Unauthorized' },
      );
    expect(((await failed) as ApiError).userMessage).toBe('Unauthorized: Invalid email or password.');
    expect(router.url).toBe('/situations/sit-123456789abc?tab=plan');
  });

  it('maps problem+json, plain errors and network failures to readable ApiErrors', async () => {
    const conflict = firstValueFrom(http.post('/api/v1/situations/x/approve', {})).catch((e: unknown) => e);
    backend
      .expectOne('/api/v1/situations/x/approve')
      .flush(
        { type: 'about:blank', title: 'Conflict', status: 409, detail: 'already decided', errors: [] },
        { status: 409, statusText: 'Conflict' },
      );
    expect(((await conflict) as ApiError).userMessage).toBe('Conflict: already decided');

    const network = firstValueFrom(http.get('/api/v1/situations')).catch((e: unknown) => e);
    backend.expectOne('/api/v1/situations').error(new ProgressEvent('error'));
    expect(((await network) as ApiError).status).toBe(0);
    expect(((await network) as ApiError).userMessage).toMatch(/Cannot reach the API/);
  });
});
