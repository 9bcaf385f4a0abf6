#include "store/import_repository.h"

namespace gongjian::store {
namespace {

using core::Status;

constexpr std::string_view kSelect =
    "SELECT id, kind, file_name, file_key, file_sm3, file_size, period, sheet, header_line, mapping, fingerprint,"
    " status, result, created_by, created_at, applied_at FROM imports";

ImportRecord FromRow(const RowRef& r) {
  ImportRecord i;
  i.id = r.Int("id");
  i.kind = r.Text("kind");
  i.file_name = r.Text("file_name");
  i.file_key = r.Text("file_key");
  i.file_sm3 = r.Text("file_sm3");
  i.file_size = r.Int("file_size");
  i.period = r.IsNull("period") ? "" : r.Text("period");
  i.sheet = static_cast<int>(r.Int("sheet"));
  if (!r.IsNull("header_line")) i.header_line = static_cast<int32_t>(r.Int("header_line"));
  i.mapping = r.Text("mapping");
  i.fingerprint = r.Text("fingerprint");
  i.status = r.Text("status");
  i.result = r.Text("result");
  i.created_by = r.Int("created_by");
  i.created_at = r.Text("created_at");
  i.applied_at = r.IsNull("applied_at") ? "" : r.Text("applied_at");
  return i;
}

Value OptLine(const std::optional<int32_t>& line) { return line ? Value(static_cast<int64_t>(*line)) : Value(); }

}  // namespace

Result<ImportRecord> CreateImport(Connection& c, const ImportRecord& i) {
  auto r = c.Query(
      "INSERT INTO imports (kind, file_name, file_key, file_sm3, file_size, period, sheet, header_line, mapping,"
      " fingerprint, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
      {i.kind, i.file_name, i.file_key, i.file_sm3, i.file_size, i.period.empty() ? Value() : Value(i.period),
       static_cast<int64_t>(i.sheet), OptLine(i.header_line), i.mapping, i.fingerprint, i.created_by, i.created_at});
  if (!r) return core::Fail(std::move(r.error()));
  return GetImport(c, r->First().Int("id"), i.created_by);
}

Result<ImportRecord> GetImport(Connection& c, int64_t id, int64_t user_id) {
  auto r = c.Query(std::string(kSelect) + " WHERE id = $1 AND created_by = $2", {id, user_id});
  if (!r) return core::Fail(std::move(r.error()));
  if (r->empty()) return core::Fail(Status::NotFound("import_not_found"));
  return FromRow(r->First());
}

core::Status SavePreviewChoices(Connection& c, const ImportRecord& i) {
  auto r = c.Query("UPDATE imports SET sheet = $1, header_line = $2, mapping = $3, fingerprint = $4 WHERE id = $5",
                   {static_cast<int64_t>(i.sheet), OptLine(i.header_line), i.mapping, i.fingerprint, i.id});
  return r ? Status::Ok() : r.error();
}

core::Status MarkImportApplied(Connection& c, int64_t id, const std::string& result, const std::string& applied_at) {
  auto r = c.Query(
      "UPDATE imports SET status = 'applied', result = $1, applied_at = $2 WHERE id = $3 AND status = 'previewed'"
      " RETURNING id",
      {result, applied_at, id});
  if (!r) return r.error();
  if (r->empty()) return Status::Conflict("import_applied", "id");
  return Status::Ok();
}

Result<std::vector<ProjectKey>> ProjectKeys(Connection& c, const Viewer& viewer) {
  auto r = c.Query("SELECT p.id, p.national_code, p.name FROM projects p WHERE " + ProjectScopeSql(viewer, 1) +
                       " ORDER BY p.id",
                   {viewer.user_id});
  if (!r) return core::Fail(std::move(r.error()));
  std::vector<ProjectKey> out;
  out.reserve(r->size());
  for (size_t i = 0; i < r->size(); ++i) {
    auto row = r->Row(i);
    out.push_back({row.Int("id"), row.Text("national_code"), row.Text("name")});
  }
  return out;
}

Result<std::unordered_map<std::string, int64_t>> ProjectIdsByNationalCode(Connection& c) {
  std::unordered_map<std::string, int64_t> out;
  auto r = c.Query("SELECT id, national_code FROM projects WHERE national_code <> ''");
  if (!r) return core::Fail(std::move(r.error()));
  for (size_t i = 0; i < r->size(); ++i) out.emplace(r->Row(i).Text("national_code"), r->Row(i).Int("id"));
  return out;
}

Result<std::multimap<std::string, int64_t>> OrgIdsByName(Connection& c) {
  std::multimap<std::string, int64_t> out;
  auto r = c.Query("SELECT id, name FROM orgs");
  if (!r) return core::Fail(std::move(r.error()));
  for (size_t i = 0; i < r->size(); ++i) out.emplace(r->Row(i).Text("name"), r->Row(i).Int("id"));
  return out;
}

}  // namespace gongjian::store
