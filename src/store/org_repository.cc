#include "store/org_repository.h"

#include "domain/text.h"
#include "store/like.h"

namespace gongjian::store {
namespace {

using domain::Org;

constexpr std::string_view kColumns =
    "id, parent_id, name, kind, region_code, version, created_at, updated_at";

Org FromRow(const RowRef& r) {
  Org o;
  o.id = r.Int("id");
  o.parent_id = r.OptInt("parent_id");
  o.name = r.Text("name");
  o.kind = domain::ParseOrgKind(r.Text("kind")).value_or(domain::OrgKind::kDepartment);
  o.region_code = r.Text("region_code");
  o.version = r.Int("version");
  o.created_at = r.Text("created_at");
  o.updated_at = r.Text("updated_at");
  return o;
}

Status CheckParent(Connection& c, const Org& org) {
  if (!org.parent_id) return Status::Ok();
  // Walk up from the proposed parent; reaching the organisation itself would make a cycle.
  auto r = c.Query(
      "WITH RECURSIVE up(id, parent_id) AS ("
      " SELECT id, parent_id FROM orgs WHERE id = $1"
      " UNION ALL SELECT o.id, o.parent_id FROM orgs o JOIN up ON o.id = up.parent_id)"
      " SELECT COUNT(*) AS n, SUM(CASE WHEN id = $2 THEN 1 ELSE 0 END) AS loops FROM up",
      {*org.parent_id, org.id});
  if (!r) return r.error();
  auto row = r->First();
  if (row.Int("n") == 0) return Status::Invalid("parent_id", "parent_not_found");
  if (row.Int("loops") > 0) return Status::Invalid("parent_id", "parent_cycle");
  return Status::Ok();
}

Status NameTakenOr(Status s) {
  if (s.code() == core::Code::kConflict && s.key() == "duplicate") {
    return Status::Conflict("org_name_taken", "name").WithDetail(s.detail());
  }
  return s;
}

}  // namespace

Result<Page<Org>> ListOrgs(Connection& c, const OrgFilter& filter, const PageRequest& page) {
  Params where = {filter.kind ? Value(std::string(domain::OrgKindName(*filter.kind))) : Null(),
                  Opt(filter.parent_id), filter.q.empty() ? Null() : Value(LikeContains(filter.q))};
  constexpr std::string_view kWhere =
      " WHERE (CAST($1 AS TEXT) IS NULL OR kind = $1) AND (CAST($2 AS BIGINT) IS NULL OR parent_id = $2)"
      " AND (CAST($3 AS TEXT) IS NULL OR name LIKE $3 ESCAPE '\\')";
  auto count = c.Query("SELECT COUNT(*) AS n FROM orgs" + std::string(kWhere), where);
  if (!count) return core::Fail(std::move(count.error()));
  Params params = where;
  params.push_back(page.page_size);
  params.push_back(page.Offset());
  auto rows = c.Query("SELECT " + std::string(kColumns) + " FROM orgs" + std::string(kWhere) +
                          " ORDER BY id LIMIT $4 OFFSET $5",
                      params);
  if (!rows) return core::Fail(std::move(rows.error()));
  Page<Org> out;
  out.total = count->First().Int("n");
  for (size_t i = 0; i < rows->size(); ++i) out.items.push_back(FromRow(rows->Row(i)));
  return out;
}

Result<Org> GetOrg(Connection& c, int64_t id) {
  auto r = c.Query("SELECT " + std::string(kColumns) + " FROM orgs WHERE id = $1", {id});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(Status::NotFound("org_not_found"));
  return FromRow(r->First());
}

Result<Org> CreateOrg(Connection& c, Org org, const std::string& now) {
  org.id = 0;
  org.name = domain::TrimSpaces(org.name);
  GJ_FAIL_IF_ERROR(domain::ValidateOrg(org));
  GJ_FAIL_IF_ERROR(CheckParent(c, org));
  auto r = c.Query("INSERT INTO orgs (parent_id, name, kind, region_code, version, created_at, updated_at)"
                   " VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING " + std::string(kColumns),
                   {Opt(org.parent_id), org.name, std::string(domain::OrgKindName(org.kind)), org.region_code, now});
  if (!r) return core::Fail(NameTakenOr(std::move(r.error())));
  return FromRow(r->First());
}

Result<Org> UpdateOrg(Connection& c, int64_t id, int64_t expected_version, const domain::OrgPatch& patch,
                      const std::string& now) {
  auto current = GetOrg(c, id);
  if (!current) return current;
  if (current->version != expected_version) {
    return core::Fail(Status(core::Code::kFailedPrecondition, "stale_version", "", {std::to_string(current->version)}));
  }
  Org org = *current;
  domain::ApplyPatch(patch, org);
  GJ_FAIL_IF_ERROR(domain::ValidateOrg(org));
  GJ_FAIL_IF_ERROR(CheckParent(c, org));
  auto r = c.Query("UPDATE orgs SET parent_id = $3, name = $4, kind = $5, region_code = $6, version = version + 1,"
                   " updated_at = $7 WHERE id = $1 AND version = $2 RETURNING " + std::string(kColumns),
                   {id, expected_version, Opt(org.parent_id), org.name, std::string(domain::OrgKindName(org.kind)),
                    org.region_code, now});
  if (!r) return core::Fail(NameTakenOr(std::move(r.error())));
  if (r->empty()) return core::Fail(Status(core::Code::kFailedPrecondition, "stale_version"));
  return FromRow(r->First());
}

Result<std::map<int64_t, std::string>> OrgNames(Connection& c, const std::vector<int64_t>& ids) {
  std::map<int64_t, std::string> out;
  if (ids.empty()) return out;
  std::string in;
  for (int64_t id : ids) in += (in.empty() ? "" : ",") + std::to_string(id);
  auto r = c.Query("SELECT id, name FROM orgs WHERE id IN (" + in + ")");
  if (!r) return core::Fail(std::move(r.error()));
  for (size_t i = 0; i < r->size(); ++i) out[r->Row(i).Int("id")] = r->Row(i).Text("name");
  return out;
}

Result<std::string> DistrictName(Connection& c) {
  auto r = c.Query("SELECT name FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1");
  if (!r) return core::Fail(std::move(r.error()));
  return r->empty() ? std::string() : r->First().Text("name");
}

}  // namespace gongjian::store
