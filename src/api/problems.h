#pragma once

#include <nlohmann/json_fwd.hpp>

#include "api/context.h"
#include "core/clock.h"
#include "http/router.h"
#include "store/audit_repository.h"
#include "store/database.h"
#include "store/problem_repository.h"

namespace gongjian::api {

// The problem closed loop (SPEC §6): GET /api/problems, POST /api/projects/{id}/problems,
// GET /api/problems/{id}, the moves POST /api/problems/{id}/{assign,steps,submit,confirm,close,
// reopen,escalate}, photos, supervision letters (/api/problems/{id}/letters, /api/letters…) and the
// meetings of the escalation ladder (/api/meetings…).
void AddProblemRoutes(http::Router& router, const ApiContext& ctx);

// The list filters of GET /api/problems (state, type, level, responsible_org_id, project_id,
// overdue, q), also the problem ledger export's; kInvalidArgument naming the parameter.
core::Result<store::ProblemFilter> ReadProblemFilter(const http::Request& request);

// Escalation by rule: every open problem overdue by the setting's thresholds of working days
// climbs the ladder, with an "escalated" event and an audit row, in the caller's transaction.
// Returns how many climbed. For the daily run; `sign` signs the audit rows (KeyRing::SignAudit).
core::Result<int64_t> EscalateOverdueProblems(store::Connection& c, const core::Clock& clock,
                                              const store::AuditSigner& sign);

// The to-do sections of the problem loop for the request's user: "problems_to_handle" (units:
// those assigned to them and being handled; the office: those to assign and those accepted and
// waiting for 销号; raisers: results waiting for their confirmation) and "letters_to_reply".
core::Result<nlohmann::json> ProblemTodo(const ApiContext& ctx, store::Connection& c, const http::Request& request,
                                         int64_t limit);

}  // namespace gongjian::api
