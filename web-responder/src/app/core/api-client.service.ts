import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  DecisionRequest,
  DecisionResult,
  Page,
  ParamValues,
  Plan,
  SituationDetail,
  SituationSummary,
} from '@hro/domain';
import type { Observable } from 'rxjs';

const BASE = '/api/v1';

/** Query of the situation list; empty values are left out of the URL. */
export interface SituationQuery {
  state?: string;
  severity?: string;
  service?: string;
  environment?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

/** The one data-access point of the app; errors arrive as ApiError (see interceptors). */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly http = inject(HttpClient);

  /** `GET /situations` with filters. */
  listSituations(query: SituationQuery): Observable<Page<SituationSummary>> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params = params.set(key, String(value));
    }
    return this.http.get<Page<SituationSummary>>(`${BASE}/situations`, { params });
  }

  /** `GET /situations/:id` — alerts, timeline, recommendation, plan, approvals, steps. */
  getSituation(id: string): Observable<SituationDetail> {
    return this.http.get<SituationDetail>(`${BASE}/situations/${encodeURIComponent(id)}`);
  }

  /** Server dry-run of a runbook with parameters: the exact plan and its hash. */
  previewPlan(id: string, runbookId: string, params: ParamValues): Observable<Plan> {
    return this.http.post<Plan>(`${BASE}/situations/${encodeURIComponent(id)}/plan`, { runbookId, params });
  }

  /** Approve or reject; a refusal comes back as a 409 ApiError carrying the reason. */
  decide(id: string, request: DecisionRequest): Observable<DecisionResult> {
    const verb = request.decision === 'approve' ? 'approve' : 'reject';
    return this.http.post<DecisionResult>(`${BASE}/situations/${encodeURIComponent(id)}/${verb}`, request);
  }

  /** Closes a situation left for manual handling. */
  close(id: string, reason: string): Observable<unknown> {
    return this.http.post(`${BASE}/situations/${encodeURIComponent(id)}/close`, { reason });
  }
}
