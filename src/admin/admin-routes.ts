/**
 * The admin listener's routes: probes, the admin API (accounts, overrides and labels, clusters,
 * policy, the review page's overview and backtests), the Prometheus scrape endpoint (when
 * telemetry serves one) and the review page. The README's "Admin API" section documents each.
 */
import { accountReport } from './account-report.ts';
import type { AdminDeps } from './admin-deps.ts';
import { errorReply, type AdminReply, type AdminRequest } from './admin-http.ts';
import type { AdminRoute } from './admin-server.ts';
import { listBacktests } from './backtest-reports.ts';
import { clusterList, clusterReport, MAX_CLUSTERS } from './cluster-report.ts';
import { createOverrideApi } from './override-api.ts';
import { validAccountId } from './override-requests.ts';
import { overviewReport } from './overview-report.ts';
import { policyReport } from './policy-report.ts';
import { reviewPage } from './review-page.ts';

const PROMETHEUS_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export function adminRoutes(deps: AdminDeps): AdminRoute[] {
  const probesOpen = (): boolean => deps.config().admin.unauthenticated_probes;
  const overrides = createOverrideApi(deps);
  const routes: AdminRoute[] = [
    {
      path: '/healthz',
      open: probesOpen,
      methods: { GET: () => ok({ status: 'ok', ...deps.health() }) },
    },
    {
      path: '/readyz',
      open: probesOpen,
      methods: {
        GET: () => {
          const readiness = deps.readiness();
          return { status: readiness.ready ? 200 : 503, body: readiness };
        },
      },
    },
    { path: '/admin/accounts/:id', methods: { GET: (request) => account(deps, request) } },
    {
      path: '/admin/accounts/:id/override',
      methods: { PUT: overrides.putOverride, DELETE: overrides.deleteOverride },
    },
    {
      path: '/admin/accounts/:id/labels',
      methods: { PUT: overrides.putLabels, DELETE: overrides.deleteLabels },
    },
    {
      path: '/admin/clusters',
      methods: { GET: (request) => withLimit(request, (limit) => ok(clusterList(deps, limit))) },
    },
    {
      path: '/admin/clusters/:id',
      methods: {
        GET: (request) => {
          const report = clusterReport(deps, request.params.id ?? '');
          return report === undefined ? notFound('Unknown cluster.') : ok(report);
        },
      },
    },
    { path: '/admin/policy', methods: { GET: () => ok(policyReport(deps)) } },
    {
      path: '/admin/overview',
      methods: { GET: (request) => withLimit(request, (limit) => ok(overviewReport(deps, limit))) },
    },
    {
      path: '/admin/backtests',
      methods: { GET: async () => ok(await listBacktests(deps.config().admin.backtestsPath)) },
    },
    // The page's shell holds no data: open, so a browser can load it; its data needs the token.
    { path: '/admin/review', open: () => true, methods: { GET: () => reviewPage() } },
  ];
  const scrape = deps.scrape;
  if (scrape !== undefined) {
    routes.push({
      path: '/metrics',
      methods: {
        GET: async () => ({ status: 200, text: await scrape(), contentType: PROMETHEUS_TYPE }),
      },
    });
  }
  return routes;
}

async function account(deps: AdminDeps, request: AdminRequest): Promise<AdminReply> {
  const id = request.params.id ?? '';
  if (!validAccountId(id))
    return errorReply(400, 'invalid_request_error', 'The account id is not valid.');
  const report = await accountReport(deps, id);
  return report === undefined ? notFound('Unknown account.') : ok(report);
}

function withLimit(request: AdminRequest, run: (limit: number) => AdminReply): AdminReply {
  const raw = request.query.get('limit');
  const limit = raw === null ? 50 : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CLUSTERS) {
    return errorReply(
      400,
      'invalid_request_error',
      `limit must be an integer in 1..${MAX_CLUSTERS}.`,
    );
  }
  return run(limit);
}

function ok(body: unknown): AdminReply {
  return { status: 200, body };
}

function notFound(message: string): AdminReply {
  return errorReply(404, 'not_found_error', message);
}
