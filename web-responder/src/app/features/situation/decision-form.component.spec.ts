import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { ApprovalView, DecisionRequest, Role, SituationDetail } from '@hro/domain';
import { candidate, detail, failover, planFor, scaleOut } from '../../../testing/fixtures';
import { problemInterceptor } from '../../core/interceptors';
import { SessionService } from '../../core/session.service';
import { DecisionFormComponent } from './decision-form.component';

describe('DecisionFormComponent', () => {
  let fixture: ComponentFixture<DecisionFormComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;

  async function render(situation: SituationDetail, role: Role = 'approver', email = 'ana@example.com'): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([problemInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(SessionService).login(email, 'pw');
    http
      .expectOne('/api/v1/auth/login')
      .flush({ token: 't', user: { id: 'u1', email, name: 'Ana', role }, expiresAt: '' });
    await login;
    fixture = TestBed.createComponent(DecisionFormComponent);
    fixture.componentRef.setInput('situation', situation);
    el = fixture.nativeElement as HTMLElement;
    await settle();
  }

  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  const q = <T extends Element>(sel: string) => el.querySelector<T>(sel);
  const button = (id: string) => q<HTMLButtonElement>(`[data-testid="${id}"]`);

  async function type(id: string, value: string): Promise<void> {
    const input = q<HTMLInputElement>(`#${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  }

  afterEach(() => http.verify());

  describe('parameter schema validation', () => {
    it('approves the recommended plan as shown, without runbookId/params', async () => {
      const c = candidate(scaleOut, 0.8);
      await render(detail([c]));
      expect(el.textContent).toContain(c.plan.hash);
      button('approve')!.click();
      const req = http.expectOne('/api/v1/situations/sit-000000000001/approve');
      expect(req.request.body).toEqual({ decision: 'approve', planHash: c.plan.hash, reason: '' });
      req.flush({ accepted: true, approvalsRemaining: 0, state: 'executing' });
      await settle();
      expect(button('approve')).not.toBeNull();
      expect(q('[data-testid="decision-result"]')!.textContent).toContain('Approved. Execution is starting.');
    });

    it('rejects out-of-range integers and bad patterns in the form, naming the field', async () => {
      await render(detail([candidate(scaleOut, 0.8)]));
      await type('param-replicas', '50');
      expect(el.textContent).toContain('replicas must be <= 20');
      expect(button('approve')!.disabled).toBe(true);
      await type('param-replicas', '2.5');
      expect(el.textContent).toContain('replicas must be an integer');
      await type('param-replicas', '8');
      await type('param-zone', 'EU 1');
      expect(el.textContent).toContain('zone must match [a-z]+-[0-9]');
      expect(q('#param-zone')!.getAttribute('aria-invalid')).toBe('true');
      expect(button('preview')!.disabled).toBe(true);
    });

    it('approves an edited plan only after the server dry-run, with that plan hash', async () => {
      await render(detail([candidate(scaleOut, 0.8)]));
      await type('param-replicas', '8');
      expect(button('approve')!.disabled).toBe(true);
      expect(el.textContent).toContain('preview the plan');

      button('preview')!.click();
      const previewReq = http.expectOne('/api/v1/situations/sit-000000000001/plan');
      expect(previewReq.request.body).toEqual({
        runbookId: 'scale-out',
        params: { service: 'api', replicas: 8, zone: 'eu-1' },
      });
      const edited = planFor(scaleOut, { replicas: 8 });
      previewReq.flush(edited);
      await settle();
      expect(el.textContent).toContain(edited.hash);

      button('approve')!.click();
      const req = http.expectOne('/api/v1/situations/sit-000000000001/approve');
      expect(req.request.body as DecisionRequest).toEqual({
        decision: 'approve',
        planHash: edited.hash,
        reason: '',
        runbookId: 'scale-out',
        params: { service: 'api', replicas: 8, zone: 'eu-1' },
      });
      req.flush({ accepted: true, approvalsRemaining: 0, state: 'executing' });
      await settle();
    });

    it('maps server field errors from the dry-run onto the parameters', async () => {
      await render(detail([candidate(scaleOut, 0.8)]));
      await type('param-zone', 'us-2');
      button('preview')!.click();
      http.expectOne('/api/v1/situations/sit-000000000001/plan').flush(
        {
          type: 'about:blank',
          title: 'Invalid parameters',
          status: 422,
          errors: [{ field: 'params.zone', message: 'is not enabled here' }],
        },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
      await settle();
      expect(el.textContent).toContain('zone is not enabled here');
    });

    it('switches to an alternative candidate and approves its plan', async () => {
      const first = candidate(scaleOut, 0.8);
      const alt = candidate(failover, 0.4);
      await render(detail([first, alt]));
      const radios = el.querySelectorAll<HTMLInputElement>('input[name="candidate"]');
      radios[1]!.dispatchEvent(new Event('change'));
      await settle();
      expect(el.textContent).toContain(alt.plan.hash);
      button('approve')!.click();
      const req = http.expectOne('/api/v1/situations/sit-000000000001/approve');
      expect(req.request.body).toMatchObject({
        planHash: alt.plan.hash,
        runbookId: 'failover-database',
        params: { cluster: 'orders' },
      });
      req.flush({ accepted: true, approvalsRemaining: 1, state: 'awaiting_approval' });
      await settle();
      expect(q('[data-testid="decision-result"]')!.textContent).toContain(
        'Waiting for 1 more approval from a different approver',
      );
    });

    it('requires a reason to reject', async () => {
      const c = candidate(scaleOut, 0.8);
      await render(detail([c]));
      button('reject')!.click();
      await settle();
      expect(el.textContent).toContain('Say why you reject the plan');
      const reason = q<HTMLTextAreaElement>('#decision-reason')!;
      reason.value = 'false alarm, load test';
      reason.dispatchEvent(new Event('input'));
      button('reject')!.click();
      const req = http.expectOne('/api/v1/situations/sit-000000000001/reject');
      expect(req.request.body).toEqual({ decision: 'reject', planHash: c.plan.hash, reason: 'false alarm, load test' });
      req.flush({ accepted: true, approvalsRemaining: 0, state: 'rejected' });
      await settle();
    });
  });

  describe('four-eyes', () => {
    const high = () => candidate(failover, 0.9);
    const approval = (email: string, hash: string): ApprovalView => ({
      id: 'ap1',
      decision: 'approve',
      userEmail: email,
      planHash: hash,
      reason: 'looks right',
      createdAt: '2026-12-03T19:05:00.000Z',
    });

    it('shows who approved first and waits for a second, different approver', async () => {
      const c = high();
      await render(detail([c], [approval('bob@example.com', c.plan.hash)]));
      const box = q('[data-testid="four-eyes"]')!.textContent!;
      expect(box).toContain('2 distinct approvers needed');
      expect(box).toContain('Approval 1 of 2: bob@example.com');
      expect(box).toContain('Waiting for 1 more approval from a different approver');
      expect(button('approve')!.disabled).toBe(false);
      // The second approver confirms the same plan: no other candidate, no edits.
      expect(q<HTMLInputElement>('#param-cluster')!.closest('fieldset')!.disabled).toBe(true);
    });

    it('moves a second approver to the plan the first one approved, as it happens', async () => {
      const first = candidate(scaleOut, 0.8);
      const alt = high();
      await render(detail([first, alt]), 'approver', 'carol@example.com');
      expect(el.textContent).toContain(first.plan.hash);
      fixture.componentRef.setInput(
        'situation',
        detail([first, alt], [approval('bob@example.com', alt.plan.hash)], { plan: alt.plan, version: 4 }),
      );
      await settle();
      expect(el.textContent).toContain(alt.plan.hash);
      expect(q('[data-testid="four-eyes"]')!.textContent).toContain('Approval 1 of 2: bob@example.com');
      button('approve')!.click();
      const req = http.expectOne('/api/v1/situations/sit-000000000001/approve');
      expect(req.request.body).toMatchObject({ planHash: alt.plan.hash });
      req.flush({ accepted: true, approvalsRemaining: 0, state: 'executing' });
      await settle();
    });

    it('blocks the first approver from approving twice', async () => {
      const c = high();
      await render(detail([c], [approval('ana@example.com', c.plan.hash)]));
      expect(q('[data-testid="four-eyes"]')!.textContent).toContain('You approved already');
      expect(button('approve')!.disabled).toBe(true);
    });

    it('needs no four-eyes box for a single-approval plan', async () => {
      await render(detail([candidate(scaleOut, 0.8)]));
      expect(q('[data-testid="four-eyes"]')).toBeNull();
    });
  });

  describe('server refusals and roles', () => {
    it.each([
      [
        409,
        'Decision refused',
        'plan changed since it was shown (hash mismatch)',
        'The server refused this decision: plan changed since it was shown (hash mismatch)',
      ],
      [
        409,
        'Decision refused',
        'situation already decided',
        'The server refused this decision: situation already decided',
      ],
      [403, 'Forbidden', 'role approver required', 'Not allowed: role approver required'],
    ])('shows a %s refusal plainly', async (status, title, detailText, shown) => {
      await render(detail([candidate(scaleOut, 0.8)]));
      button('approve')!.click();
      http
        .expectOne('/api/v1/situations/sit-000000000001/approve')
        .flush({ type: 'about:blank', title, status, detail: detailText }, { status, statusText: title });
      await settle();
      const refusal = q('[data-testid="refusal"]')!;
      expect(refusal.getAttribute('role')).toBe('alert');
      expect(refusal.textContent!.trim()).toBe(shown);
    });

    it('gives a viewer no way to act', async () => {
      await render(detail([candidate(scaleOut, 0.8)]), 'viewer');
      expect(button('approve')).toBeNull();
      expect(button('reject')).toBeNull();
      expect(q('[data-testid="read-only"]')!.textContent).toContain('viewer');
      expect(q<HTMLInputElement>('#param-replicas')!.closest('fieldset')!.disabled).toBe(true);
    });

    it('lets a responder preview an edited plan but not decide', async () => {
      await render(detail([candidate(scaleOut, 0.8)]), 'responder');
      expect(button('approve')).toBeNull();
      await type('param-replicas', '4');
      button('preview')!.click();
      http.expectOne('/api/v1/situations/sit-000000000001/plan').flush(planFor(scaleOut, { replicas: 4 }));
      await settle();
      expect(el.textContent).toContain(planFor(scaleOut, { replicas: 4 }).hash);
    });
  });
});
