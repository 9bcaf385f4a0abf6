#include "api/routes.h"

#include "api/approvals.h"
#include "api/supervision_rules.h"
#include "api/problems.h"
#include "api/auth_routes.h"
#include "api/briefings.h"
#include "api/imports.h"
#include "api/cockpit.h"
#include "api/exports.h"
#include "api/health.h"
#include "api/inspections.h"
#include "api/milestones.h"
#include "api/orgs.h"
#include "api/projects.h"
#include "api/reports.h"
#include "api/session.h"
#include "api/todo.h"
#include "api/users.h"
#include "api/warnings.h"

namespace gongjian::api {

std::span<const core::EmbeddedFile> EmbeddedDocuments();  // generated: openapi.json

std::string_view OpenApiDocument() {
  for (const auto& f : EmbeddedDocuments()) {
    if (f.name == "openapi.json") return f.data;
  }
  return "{}";
}

std::shared_ptr<http::Router> BuildRouter(const ApiContext& ctx) {
  auto router = std::make_shared<http::Router>();
  UseSessions(*router, ctx);
  AddHealthRoutes(*router, ctx);
  router->Add(
      "GET", "/api/openapi.json",
      [](http::Request&) {
        http::Response r = http::Response::Json(200, std::string(OpenApiDocument()));
        r.SetHeader("Cache-Control", "no-cache");
        return r;
      },
      {.exec = http::Exec::kInline, .requires_session = false});
  AddAuthRoutes(*router, ctx);
  AddOrgRoutes(*router, ctx);
  AddUserRoutes(*router, ctx);
  AddExportRoutes(*router, ctx);  // before the projects, problems, approvals: "export" is not an id
  AddMapRoutes(*router, ctx);  // before the projects: /api/projects/map is not a project id
  AddProjectRoutes(*router, ctx);
  AddAttachmentRoutes(*router, ctx);
  AddReportRoutes(*router, ctx);
  AddRoundRoutes(*router, ctx);
  AddWarningRoutes(*router, ctx);
  AddMilestoneRoutes(*router, ctx);
  AddApprovalRoutes(*router, ctx);
  AddSupervisionRuleRoutes(*router, ctx);
  AddProblemRoutes(*router, ctx);
  AddInspectionRoutes(*router, ctx);
  AddTodoRoutes(*router, ctx);
  AddCockpitRoutes(*router, ctx);
  AddBriefingRoutes(*router, ctx);
  AddImportRoutes(*router, ctx);
  return router;
}

}  // namespace gongjian::api
