#include "api/errors.h"

#include <fmt/args.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <unordered_map>

namespace gongjian::api {
namespace {

using core::Code;

struct Text {
  const char* zh;
  const char* en;
};

// Messages use {field} for the field's label and {0}, {1} … for the status's arguments.
const std::unordered_map<std::string_view, Text>& Catalogue() {
  static const std::unordered_map<std::string_view, Text> kMessages = {
      // Generic fall-backs, one per code.
      {"invalid_argument", {"{field}填写有误", "{field} is invalid"}},
      {"not_found", {"对象不存在或无权查看", "Not found"}},
      {"conflict", {"操作与现有数据冲突", "The request conflicts with existing data"}},
      {"permission_denied", {"无权执行此操作", "You are not allowed to do this"}},
      {"unauthenticated", {"请先登录", "Please sign in"}},
      {"failed_precondition", {"数据已被他人修改，请刷新后重试", "The record changed; reload and try again"}},
      {"unavailable", {"系统繁忙，请稍后重试", "The service is busy; please retry"}},
      {"too_many_requests", {"请求过于频繁，请稍后再试", "Too many requests; try again later"}},
      {"internal", {"系统内部错误，请联系管理员（请求编号：{request_id}）",
                    "Internal error; please contact the administrator (request id: {request_id})"}},
      // Field rules.
      {"required", {"{field}不能为空", "{field} is required"}},
      {"too_long", {"{field}不能超过{0}个字", "{field} must be at most {0} characters"}},
      {"control_characters", {"{field}不能包含换行等控制字符", "{field} must not contain control characters"}},
      {"wrong_type_string", {"{field}应为文本", "{field} must be a string"}},
      {"wrong_type_integer", {"{field}应为整数", "{field} must be an integer"}},
      {"unknown_field", {"不支持的字段：{field}", "Unknown field: {field}"}},
      {"duplicate_field", {"字段重复：{field}", "Field given twice: {field}"}},
      {"invalid_enum", {"{field}的取值无效，可选值：{0}", "{field} must be one of: {0}"}},
      {"out_of_range", {"{field}应在{0}到{1}之间", "{field} must be between {0} and {1}"}},
      {"invalid_utf8", {"{field}不是有效的UTF-8编码", "{field} is not valid UTF-8"}},
      // Requests.
      {"route_not_found", {"接口不存在", "No such API route"}},
      {"method_not_allowed", {"该接口不支持此请求方法", "This method is not allowed here"}},
      {"payload_too_large", {"请求内容过大，不能超过{0}字节", "The request body is too large (limit {0} bytes)"}},
      {"unsupported_media_type",
       {"请求内容必须为JSON（Content-Type: application/json）",
        "The request body must be JSON (Content-Type: application/json)"}},
      {"malformed_json", {"请求内容不是有效的JSON（第{0}字节附近）", "The request body is not valid JSON (near byte {0})"}},
      {"json_too_deep", {"请求内容嵌套层级过深", "The request body is nested too deeply"}},
      {"body_not_object", {"请求内容应为JSON对象", "The request body must be a JSON object"}},
      {"bad_path", {"请求路径编码无效", "The request path is not properly encoded"}},
      {"bad_query", {"查询参数编码无效", "The query string is not properly encoded"}},
      {"if_match_required",
       {"修改数据时须在If-Match中提供版本号", "Send the record's version in If-Match to change it"}},
      {"if_match_invalid", {"If-Match版本号格式无效", "If-Match must hold the record's version, e.g. \"3\""}},
      {"stale_version",
       {"数据已被他人修改（当前版本{0}），请刷新后重试",
        "The record was changed by someone else (now version {0}); reload and try again"}},
      // Organisations.
      {"org_not_found", {"组织不存在", "Organisation not found"}},
      {"org_name_taken", {"同一上级组织下已有同名组织", "The parent already has an organisation of this name"}},
      {"parent_not_found", {"上级组织不存在", "The parent organisation does not exist"}},
      {"parent_is_self", {"上级组织不能是其本身", "An organisation cannot be its own parent"}},
      {"parent_cycle", {"上级组织不能是其下级组织", "The parent cannot be one of its own descendants"}},
      {"district_has_no_parent", {"区级组织不能设置上级组织", "A district has no parent organisation"}},
      {"region_code_format", {"{field}应为6位数字", "{field} must be six digits"}},
      // Sign-in and sessions.
      {"invalid_credentials", {"用户名或密码错误", "Wrong user name or password"}},
      {"account_locked", {"登录失败次数过多，账户已临时锁定，请稍后再试或联系安全管理员",
                          "Too many failed sign-ins: the account is locked for a while; try later or ask the security administrator"}},
      {"too_many_attempts", {"登录尝试过于频繁，请{0}秒后再试", "Too many sign-in attempts from this address; try again in {0} s"}},
      {"otp_required", {"请输入动态口令", "Enter the one-time code from your authenticator"}},
      {"otp_invalid", {"动态口令错误或已使用", "The one-time code is wrong or was already used"}},
      {"totp_not_started", {"请先生成动态口令密钥", "Start the authenticator set-up first"}},
      {"session_expired", {"登录已超时，请重新登录", "Your session has expired; please sign in again"}},
      {"session_not_found", {"请先登录", "Please sign in"}},
      {"account_disabled", {"账户已停用", "This account is disabled"}},
      {"csrf_invalid", {"请求校验失败，请刷新页面后重试", "The request failed its anti-forgery check; reload the page"}},
      {"password_change_required", {"请先修改密码", "Change your password first"}},
      {"wrong_password", {"当前密码错误", "The current password is wrong"}},
      {"password_reused", {"新密码不能与最近{0}次使用过的密码相同", "The new password must differ from the last {0}"}},
      {"password_too_short", {"密码长度不能少于{0}位", "The password must have at least {0} characters"}},
      {"password_too_long", {"密码长度不能超过{0}位", "The password must have at most {0} characters"}},
      {"password_classes", {"密码须包含大写字母、小写字母、数字、符号中的至少{0}类",
                            "The password must mix at least {0} of: upper case, lower case, digits, symbols"}},
      {"password_contains_username", {"密码不能包含用户名", "The password must not contain the user name"}},
      {"password_common", {"密码过于常见，请换一个", "That password is too common; choose another"}},
      {"password_invalid_utf8", {"密码编码无效", "The password is not valid UTF-8"}},
      {"password_control_characters", {"密码不能包含控制字符", "The password must not contain control characters"}},
      {"sealed_data_invalid", {"加密数据校验失败", "Encrypted data failed its integrity check"}},
      // Accounts.
      {"user_not_found", {"用户不存在", "User not found"}},
      {"username_taken", {"用户名已被使用", "That user name is taken"}},
      {"username_format", {"用户名须为3-32位字母、数字或._-，以字母开头",
                           "User names have 3 to 32 letters, digits or . _ -, starting with a letter"}},
      {"roles_repeated", {"角色不能重复", "A role is listed twice"}},
      {"admin_role_exclusive", {"系统、安全、审计管理员角色只能单独授予，不能与其他角色兼任",
                                "An administrator role cannot be combined with any other role"}},
      {"cannot_change_own_grants", {"不能修改自己的角色和数据范围", "You cannot change your own roles or data scope"}},
      {"cannot_disable_self", {"不能停用自己的账户", "You cannot disable your own account"}},
      {"cannot_reset_own_password", {"不能重置自己的密码，请使用修改密码", "Use change password for your own account"}},
      {"wrong_type_boolean", {"{field}应为是或否", "{field} must be true or false"}},
      {"wrong_type_integer_list", {"{field}应为整数列表", "{field} must be a list of integers"}},
      {"timestamp_format", {"{field}应为时间格式，如 2026-11-29 或 2026-11-29T08:00:00.000Z",
                            "{field} must be a time such as 2026-11-29 or 2026-11-29T08:00:00.000Z"}},
      {"setting_not_found", {"设置不存在", "Setting not found"}},
      // Projects.
      {"national_code_format", {"{field}格式应为“年份4位-区划6位-行业2位-类型2位-流水号6位”，如 2501-640106-04-01-123456",
                                "{field} must look like 2501-640106-04-01-123456"}},
      {"money_negative", {"{field}不能为负数", "{field} must not be negative"}},
      {"money_too_large", {"{field}金额过大，请核对单位（元/万元/亿元）", "{field} is implausibly large; check the unit"}},
      {"fund_source_repeated", {"资金来源“{0}”重复", "Fund source {0} is listed twice"}},
      {"fund_split_mismatch", {"各资金来源合计{0}元，与总投资{1}元不一致", "The fund sources add up to {0} yuan, not the total investment of {1} yuan"}},
      {"date_order", {"{field}不能早于开始日期", "{field} cannot be before the start date"}},
      {"too_many_tags", {"标签最多{0}个", "At most {0} tags"}},
      {"tag_repeated", {"标签“{0}”重复", "Tag {0} is given twice"}},
      {"transition_not_allowed", {"项目当前所处阶段不允许此操作", "The project's current stage does not allow this step"}},
      {"project_not_found", {"项目不存在或无权查看", "Project not found"}},
      {"monthly_targets_mismatch", {"各月目标合计{0}元，与年度计划投资{1}元不一致",
                                    "The monthly targets add up to {0} yuan, not the planned {1} yuan"}},
      {"twelve_amounts", {"{field}应为12个月的金额（分）", "{field} must be twelve amounts in fen"}},
      {"identifier_format", {"{field}只能包含小写字母、数字、下划线和连字符，以字母或数字开头，最多64个字符",
                             "{field} must be 1–64 lower-case letters, digits, _ or -, starting with a letter or digit"}},
      {"not_for_measure", {"{field}不适用于“{0}”类预警规则", "{field} does not apply to a {0} rule"}},
      {"rule_without_threshold", {"{field}未设置黄灯、红灯阈值或到期提醒天数",
                                  "{field} has no yellow or red threshold and no due-soon window"}},
      {"threshold_direction", {"{field}的比较方式应为：{0}", "{field} must be one of: {0}"}},
      {"threshold_order", {"{field}：红灯阈值应比黄灯阈值（{0}）更严格",
                           "{field}: the red threshold must be stricter than the yellow one ({0})"}},
      {"percent_precision", {"{field}最多保留两位小数", "{field} allows at most two decimals"}},
      {"wrong_type_object", {"{field}应为对象", "{field} must be an object"}},
      {"wrong_type_list", {"{field}应为列表", "{field} must be a list"}},
      {"round_exists", {"该月已有调度任务", "That month already has a dispatch round"}},
      {"round_not_found", {"调度任务不存在", "Dispatch round not found"}},
      {"round_not_open", {"该月调度任务未开启或已过填报时限，请联系项目办", "No open round for that month; ask the project office"}},
      {"plan_not_found", {"该项目本年度尚无年度计划", "The project has no plan for that year"}},
      {"plan_locked", {"年度计划已提交或已审定，不能修改", "The plan is submitted or approved and cannot change"}},
      {"report_not_found", {"月报不存在或无权查看", "Report not found"}},
      {"report_exists", {"该项目本月已有月报", "The project already has a report for that month"}},
      {"report_locked", {"月报已提交或已审定，不能修改；审定后如需更正请发起更正", "The report is submitted or accepted; correct an accepted report with a new version"}},
      {"correction_open", {"该月报已有正在办理的更正", "A correction of this report is already in progress"}},
      {"report_action_not_allowed", {"月报当前状态不允许此操作", "The report's current state does not allow this"}},
      {"period_format", {"{field}应为年月，如 2026-10", "{field} must be a month such as 2026-10"}},
      {"national_code_taken", {"该项目代码已被其他项目使用", "Another project already has this national code"}},
      {"org_kind_mismatch", {"{field}所选单位类型不符（编号{0}）", "{field}: organisation {0} is not of a fitting kind"}},
      {"org_out_of_scope", {"{field}不在您的数据范围内，保存后您将无法查看该项目",
                            "{field} is outside your data scope; you could not see the project"}},
      {"leader_not_found", {"{field}须为区领导账户", "{field} must be a leader's account"}},
      {"repeated_value", {"{field}中“{0}”重复", "{field} lists {0} twice"}},
      {"too_many", {"{field}最多{0}项", "{field} has more than {0} entries"}},
      {"date_format", {"{field}应为日期，如 2026-03-01", "{field} must be a date such as 2026-03-01"}},
      {"date_in_future", {"{field}不能晚于今天", "{field} cannot be in the future"}},
      {"month_in_future", {"{field}不能晚于本月", "{field} cannot be after the current month"}},
      {"cockpit_dimension_not_for_figure", {"该指标不能按{field}细分", "This figure cannot be broken down by {field}"}},
      {"cockpit_key_unknown", {"{field}不是“{0}”的有效取值", "{field} is not a valid {0}"}},
      {"wrong_type_number", {"{field}应为数字", "{field} must be a number"}},
      {"wrong_type_string_list", {"{field}应为文本列表", "{field} must be a list of strings"}},
      {"wrong_type_funds", {"{field}应为列表，每项含来源source和金额amount（分）",
                            "{field} must be a list of objects with source and amount (in fen)"}},
      {"not_waiting", {"{field}中有项目已报送或不在本次调度范围内", "{field} lists a project that has reported or is not in the round"}},
      {"milestone_not_found", {"关键节点不存在或无权查看", "Milestone not found"}},
      {"milestone_self", {"{field}不能是节点自身", "{field} cannot be the milestone itself"}},
      {"milestone_cycle", {"前置节点形成了循环依赖，请检查节点之间的先后关系",
                           "The predecessors would form a cycle; check the order of the milestones"}},
      {"milestone_has_successors", {"有其他节点以该节点为前置节点，请先解除依赖再删除",
                                    "Other milestones depend on this one; remove those links first"}},
      {"milestones_exist", {"项目已有关键节点，不能再从模板生成", "The project already has milestones"}},
      {"project_dates_required", {"请先填写项目的计划开工和计划竣工日期", "Fill in the project's planned start and completion first"}},
      {"template_not_found", {"节点模板不存在", "Milestone template not found"}},
      {"template_name_taken", {"已有同名的节点模板", "A template with this name exists"}},
      {"problem_not_found", {"问题不存在或无权查看", "Problem not found"}},
      {"meeting_not_found", {"会议不存在", "Meeting not found"}},
      {"inspection_not_found", {"督查走访记录不存在或无权查看", "Inspection not found"}},
      {"inspection_other_project", {"{field}所选的督查走访未到过该项目", "{field}: that inspection did not visit this project"}},
      {"project_not_visited", {"{field}须为本次督查走访到过的项目", "{field} must be one of the projects the inspection visited"}},
      {"letter_not_found", {"督办函件不存在或无权查看", "Letter not found"}},
      {"briefing_not_found", {"月度通报不存在", "Briefing not found"}},
      {"briefing_exists", {"该月的月度通报已发布，发布后不能重新生成", "This month's briefing is published already and cannot be regenerated"}},
      {"problem_action_not_allowed", {"问题当前状态下不能执行此操作", "The problem's state does not allow this"}},
      {"problem_not_assigned", {"问题尚未交办责任单位，不能发函", "The problem has no responsible unit yet; assign it first"}},
      {"level_not_higher", {"{field}应高于问题当前所在层级", "{field} must be above the problem's current level"}},
      {"thresholds_not_rising", {"{field}应为逐级递增的正整数（不超过250）", "{field} must be rising positive numbers (at most 250)"}},
      {"letter_replied", {"该函件已回复", "This letter has been answered already"}},
      {"not_a_photo", {"只能上传照片（jpg、png、webp）", "Only photos (jpg, png, webp) can be added here"}},
      {"date_in_past", {"{field}不能早于今天", "{field} cannot be before today"}},
      {"too_far", {"{field}不能超过今天起{0}天", "{field} cannot be more than {0} days ahead"}},
      {"approval_not_found", {"前期手续事项不存在或无权查看", "Approval item not found"}},
      {"approval_template_not_found", {"前期手续模板不存在", "Approval template not found"}},
      {"approvals_exist", {"项目已有前期手续事项，不能再从模板生成", "The project already has approval items"}},
      {"approval_status_mismatch", {"{field}与办理状态不符：未启动和不涉及的事项不填日期，办理中的事项不填取得日期",
                                    "{field} does not fit the status: not started and not applicable items have no dates, items in progress no approval date"}},
      {"approval_department_fields", {"审批部门只能填写办理状态、日期、文号、批复文件和备注，不能修改{field}",
                                      "The approving department may fill in status, dates, document number, file and note only, not {field}"}},
      {"attachment_not_found", {"附件不存在或无权查看", "Attachment not found"}},
      {"attachment_not_usable", {"附件{0}不属于本项目或已被使用", "Attachment {0} is not this project's or is already used"}},
      {"filename_invalid", {"文件名无效（不能为空、过长或含路径与控制字符）", "The file name is empty, too long or contains path or control characters"}},
      {"file_empty", {"文件为空", "The file is empty"}},
      {"file_type_unsupported", {"不支持的文件类型，仅支持图片（jpg、png、webp）、pdf、ofd、Office文档和dwg图纸",
                                 "Unsupported file type: images (jpg, png, webp), pdf, ofd, Office documents and dwg only"}},
      {"file_type_mismatch", {"文件内容与扩展名不符：扩展名为{0}，内容为{1}", "The file's content does not match its name: .{0} but {1} content"}},
      {"thumbnail_unsupported", {"无法为该类型文件生成缩略图", "No thumbnail for this file type"}},
      {"image_too_large", {"图片尺寸过大（最多4000万像素）", "The image is too large (at most 40 megapixels)"}},
      {"image_corrupt", {"图片已损坏或无法识别", "The image is damaged or cannot be read"}},
      {"storage_unavailable", {"文件存储暂不可用，请稍后重试", "File storage is unavailable; please retry"}},
      {"geojson_not_feature_collection", {"地图文件应为GeoJSON FeatureCollection", "The map must be a GeoJSON FeatureCollection"}},
      {"geojson_feature_invalid", {"地图第{0}个要素不是面（Polygon/MultiPolygon）", "Map feature {0} is not a Polygon or MultiPolygon"}},
      {"geojson_feature_unnamed", {"地图第{0}个要素缺少名称properties.name", "Map feature {0} has no properties.name"}},
      // Reading xlsx uploads (io/xlsx_reader.h).
      {"xlsx_too_large", {"Excel文件过大，不能超过{0}MB", "The Excel file is too large (at most {0} MB)"}},
      {"xlsx_not_zip", {"不是有效的xlsx文件：文件可能已损坏或不完整，旧版.xls和加密的工作簿请先另存为不加密的.xlsx",
                        "Not a valid .xlsx file: it may be damaged or incomplete; save old .xls or encrypted workbooks as an unencrypted .xlsx first"}},
      {"xlsx_too_many_entries", {"Excel文件内部的组成部分过多（超过{0}个），无法读取",
                                 "The Excel file has too many internal parts (more than {0})"}},
      {"xlsx_uncompressed_too_large", {"Excel文件解压后内容过大（超过{0}MB），无法读取",
                                       "The Excel file is too large once decompressed (more than {0} MB)"}},
      {"xlsx_entry_too_large", {"Excel文件中有内容解压后过大（超过{0}MB）或与声明的大小不符，无法读取",
                                "Part of the Excel file is too large once decompressed (more than {0} MB) or larger than it declares"}},
      {"xlsx_malformed", {"Excel文件内容已损坏或格式不正确（{0}）", "The Excel file is damaged or not well-formed ({0})"}},
      {"xlsx_too_many_strings", {"Excel文件中的文字条目过多（超过{0}条）", "The Excel file has too many distinct texts (more than {0})"}},
      {"xlsx_too_many_rows", {"工作表“{0}”超过{1}行，请拆分后导入", "Sheet \"{0}\" has more than {1} rows; split it before importing"}},
      {"xlsx_too_many_columns", {"工作表“{0}”超过{1}列", "Sheet \"{0}\" has more than {1} columns"}},
      {"xlsx_text_too_long", {"{0}中的文字超过{1}个字", "A text in {0} is longer than {1} characters"}},
      {"xlsx_sheet_not_found", {"工作表“{0}”不存在", "There is no sheet \"{0}\""}},
      // Exports (api/export_table.h): {0} row, {1} column (1-based), {2} the column's header.
      {"table_cell_text", {"第{0}行第{1}列（{2}）应为文本", "Row {0}, column {1} ({2}) must be text"}},
      {"table_cell_integer", {"第{0}行第{1}列（{2}）应为整数", "Row {0}, column {1} ({2}) must be an integer"}},
      {"table_cell_money", {"第{0}行第{1}列（{2}）应为以分为单位的整数金额",
                            "Row {0}, column {1} ({2}) must be an amount in fen (an integer)"}},
      {"table_cell_rate", {"第{0}行第{1}列（{2}）应为以万分之一为单位的整数比率",
                           "Row {0}, column {1} ({2}) must be a rate in basis points (an integer)"}},
      {"table_cell_date", {"第{0}行第{1}列（{2}）应为日期，如 2026-03-01",
                           "Row {0}, column {1} ({2}) must be a date such as 2026-03-01"}},
      {"table_row_length", {"第{0}行的值个数应与列数（{1}列）一致", "Row {0} must have one value per column ({1})"}},
      // Reading csv uploads and tables (io/sheet_table.h).
      {"csv_encoding", {"无法识别文件的文字编码，请另存为UTF-8或GBK编码的CSV，或直接上传xlsx",
                        "The file's text encoding is not recognised; save the CSV as UTF-8 or GBK, or upload an xlsx"}},
      {"csv_malformed", {"CSV文件第{0}行的引号没有闭合", "An unclosed quote in the CSV file at line {0}"}},
      {"table_too_many_rows", {"表格超过{0}行，请拆分后导入", "The table has more than {0} rows; split it before importing"}},
      {"table_too_many_columns", {"表格超过{0}列", "The table has more than {0} columns"}},
      {"table_empty", {"文件中没有任何数据", "The file holds no data"}},
      // Spreadsheet values (domain/sheet_values.h) and imports (api/imports.cc).
      {"not_a_number", {"{field}“{0}”不是数字", "{field} \"{0}\" is not a number"}},
      {"amount_too_precise", {"{field}“{0}”超出精度（金额精确到分，进度精确到0.01%）",
                              "{field} \"{0}\" is too precise (amounts to the fen, progress to 0.01%)"}},
      {"amount_out_of_range", {"{field}超出允许范围", "{field} is out of range"}},
      {"progress_out_of_range", {"{field}应在0%到100%之间", "{field} must be between 0% and 100%"}},
      {"negative_value", {"{field}不能为负数", "{field} cannot be negative"}},
      {"import_not_a_date", {"{field}“{0}”不是可识别的日期（可写作2025-03-01、2025年3月等）",
                             "{field} \"{0}\" is not a date (write 2025-03-01, 2025.03 …)"}},
      {"import_unknown_value", {"{field}“{0}”不是可选的取值", "{field} \"{0}\" is not one of the allowed values"}},
      {"import_unknown_org", {"{field}“{0}”在系统中不存在，请填写单位全称", "{field}: there is no organisation named \"{0}\""}},
      {"import_ambiguous_org", {"{field}“{0}”有多个同名单位，请在系统中区分后再导入",
                                "{field}: several organisations are named \"{0}\""}},
      {"import_code_out_of_scope", {"{field}“{0}”已被不在您管理范围内的项目使用",
                                    "{field} \"{0}\" belongs to a project outside your scope"}},
      {"import_ambiguous_name", {"{field}有多个名为“{0}”的项目，请填写项目代码以区分",
                                 "{field}: several projects are named \"{0}\"; give the national code"}},
      {"import_duplicate_row", {"{field}与第{0}行重复", "{field} repeats row {0}"}},
      {"import_required_for_new", {"{field}：新建项目必须填写", "{field} is required for a new project"}},
      {"import_missing_columns", {"还有必填列没有对应，请先核对列", "Some required columns are not mapped yet"}},
      {"import_no_project", {"{field}：系统中没有这个项目（或不在您的管理范围）", "{field}: no such project in your scope"}},
      {"import_report_locked", {"{field}：该项目本月报表已提交或已审核通过，不能通过导入修改（已通过的请走更正）",
                                "{field}: the month's report is submitted or accepted; it cannot be changed by an import"}},
      {"import_round_not_open", {"{field}：{0}的填报窗口未开放", "{field}: reporting for {0} is not open"}},
      {"import_stale", {"预览之后数据或列的对应已经变化，请重新核对预览后再导入",
                        "The data or the mapping changed since the preview; check the new preview and apply again"}},
      {"import_has_errors", {"有数据行存在错误，请修正文件后重新上传，本次没有导入任何数据",
                             "Some rows have errors; nothing was imported. Fix the file and upload it again"}},
      {"import_applied", {"这次导入已经完成，不能重复导入", "This import has already been applied"}},
      {"import_not_found", {"导入记录不存在", "No such import"}},
      {"import_template_not_found", {"没有这种导入模板", "No such import template"}},
      {"import_bad_column", {"列号“{0}”无效", "Column \"{0}\" is invalid"}},
      {"import_bad_field", {"字段{0}不能导入", "Field {0} cannot be imported"}},
      // Store.
      {"duplicate", {"数据重复", "Duplicate record"}},
      {"reference_violation", {"数据仍被引用，或引用的数据不存在", "The record is referenced, or refers to a missing one"}},
      {"db_busy", {"系统繁忙，请稍后重试", "The database is busy; please retry"}},
      {"db_unavailable", {"数据库暂不可用，请稍后重试", "The database is unavailable; please retry shortly"}},
      {"disk_full", {"存储空间不足，数据未保存，请联系系统管理员",
                     "Storage is full and nothing was saved; contact the system administrator"}},
      {"overloaded", {"系统繁忙，请稍后重试", "The server is overloaded; please retry"}},
      {"db_url_invalid",
       {"数据库地址无效，应为 sqlite:文件路径 或 postgresql://…", "Database URL must be sqlite:PATH or postgresql://…"}},
      {"migration_changed",
       {"已执行的数据库迁移{0}（{1}）与程序内置版本不一致，拒绝启动",
        "Applied migration {0} ({1}) differs from this binary's; refusing to start"}},
      {"migration_unknown",
       {"数据库包含本程序不认识的迁移{0}，请使用更新版本的程序",
        "The database has migration {0}, unknown to this binary; use a newer one"}},
      {"file_not_found", {"文件不存在：{0}", "File not found: {0}"}},
      {"backup_corrupt", {"备份文件已损坏或不是数据库：{0}", "The backup is damaged or not a database: {0}"}},
      {"listen_failed", {"无法监听地址", "Cannot listen on the address"}},
  };
  return kMessages;
}

const std::unordered_map<std::string_view, Text>& FieldLabels() {
  static const std::unordered_map<std::string_view, Text> kLabels = {
      {"name", {"名称", "Name"}},
      {"kind", {"类型", "Kind"}},
      {"parent_id", {"上级组织", "Parent organisation"}},
      {"region_code", {"行政区划代码", "Region code"}},
      {"page", {"页码", "Page"}},
      {"page_size", {"每页条数", "Page size"}},
      {"q", {"关键词", "Search text"}},
      {"body", {"请求内容", "Request body"}},
      {"path", {"请求路径", "Request path"}},
      {"query", {"查询参数", "Query"}},
      {"db", {"数据库地址", "Database URL"}},
      {"id", {"编号", "Id"}},
      {"If-Match", {"版本号", "If-Match"}},
      {"username", {"用户名", "User name"}},
      {"password", {"密码", "Password"}},
      {"otp", {"动态口令", "One-time code"}},
      {"display_name", {"姓名", "Display name"}},
      {"org_id", {"所属单位", "Organisation"}},
      {"roles", {"角色", "Roles"}},
      {"role", {"角色", "Role"}},
      {"scope", {"数据范围", "Data scope"}},
      {"scope_orgs", {"数据范围单位", "Scope organisations"}},
      {"current_password", {"当前密码", "Current password"}},
      {"new_password", {"新密码", "New password"}},
      {"active", {"启用状态", "Active"}},
      {"outcome", {"结果", "Outcome"}},
      {"from", {"开始时间", "From"}},
      {"action", {"操作", "Action"}},
      {"national_code", {"项目代码", "National project code"}},
      {"short_name", {"项目简称", "Short name"}},
      {"industry", {"所属行业", "Industry"}},
      {"address", {"建设地点", "Address"}},
      {"longitude", {"经度", "Longitude"}},
      {"latitude", {"纬度", "Latitude"}},
      {"content", {"建设内容及规模", "Content and scale"}},
      {"total_investment", {"总投资", "Total investment"}},
      {"mapping", {"列的对应", "Column mapping"}},
      {"fingerprint", {"预览标识", "Preview fingerprint"}},
      {"rows", {"数据行", "Rows"}},
      {"sheet", {"工作表", "Sheet"}},
      {"header_row", {"表头行", "Header row"}},
      {"owner_org", {"业主单位", "Owner"}},
      {"town", {"所在镇街", "Town"}},
      {"responsible_orgs", {"责任单位", "Responsible units"}},
      {"funds", {"资金来源", "Fund sources"}},
      {"planned_completion", {"计划竣工日期", "Planned completion"}},
      {"actual_completion", {"实际竣工日期", "Actual completion"}},
      {"contacts", {"联系人", "Contacts"}},
      {"tags", {"标签", "Tags"}},
      {"remarks", {"备注", "Remarks"}},
      {"level", {"项目级别", "Level"}},
      {"category", {"项目类别", "Category"}},
      {"nature", {"建设性质", "Construction nature"}},
      {"regime", {"审批类型", "Approval regime"}},
      {"subject", {"投资主体", "Investment subject"}},
      {"town_org_id", {"所在镇街", "Town or street"}},
      {"owner_org_id", {"业主单位", "Owner unit"}},
      {"responsible_org_ids", {"责任单位", "Responsible units"}},
      {"agency_org_id", {"代办单位", "Agency unit"}},
      {"leader_user_id", {"包联领导", "Leader in charge"}},
      {"planned_start", {"计划开工日期", "Planned start"}},
      {"planned", {"计划完成日期", "Planned date"}},
      {"actual", {"实际完成日期", "Actual date"}},
      {"responsible_person", {"责任人", "Person responsible"}},
      {"note", {"备注", "Note"}},
      {"deps", {"前置节点", "Predecessors"}},
      {"predecessor_id", {"前置节点", "Predecessor"}},
      {"lag_days", {"间隔工作日", "Lag (working days)"}},
      {"position", {"顺序", "Position"}},
      {"template_id", {"节点模板", "Template"}},
      {"status", {"状态", "Status"}},
      {"applied_on", {"申请日期", "Application date"}},
      {"approved_on", {"取得日期", "Approval date"}},
      {"doc_number", {"批复文号", "Document number"}},
      {"limit_days", {"办理时限", "Time limit"}},
      {"limit_kind", {"时限单位", "Time limit unit"}},
      {"department_org_id", {"审批部门", "Approving department"}},
      {"attachment_id", {"批复文件", "Approval document"}},
      {"nodes", {"模板节点", "Template nodes"}},
      {"anchor", {"基准", "Anchor"}},
      {"offset_days", {"偏移天数", "Offset (days)"}},
      {"additions", {"日历调整", "Calendar changes"}},
      {"responsible_org_id", {"责任单位", "Responsible unit"}},
      {"project_ids", {"项目", "Projects"}},
      {"actual_start", {"实际开工日期", "Actual start"}},
      {"registered_on", {"纳入统计库日期", "Statistics registration date"}},
      {"warning", {"预警颜色", "Warning colour"}},
      {"rules", {"预警规则", "Rule"}},
      {"measure", {"预警类型", "Measure"}},
      {"metric", {"衡量指标", "Metric"}},
      {"yellow", {"黄灯", "Yellow"}},
      {"red", {"红灯", "Red"}},
      {"op", {"比较方式", "comparison"}},
      {"value", {"阈值", "threshold"}},
      {"schedule", {"序时进度口径", "Schedule basis"}},
      {"min_annual_plan", {"最低年度计划投资", "Minimum annual plan"}},
      {"due_soon_days", {"到期提醒天数", "Due-soon days"}},
      {"description", {"说明", "Description"}},
      {"stage", {"项目阶段", "Stage"}},
      {"sort", {"排序", "Sort"}},
      {"year", {"年度", "Year"}},
      {"month", {"月份", "Month"}},
      {"dimension", {"分组维度", "Dimension"}},
      {"figure", {"指标", "Figure"}},
      {"key", {"分组", "Group"}},
      {"reason", {"原因说明", "Reason"}},
      {"deadline", {"办结时限", "Deadline"}},
      {"title", {"标题", "Title"}},
      {"held_on", {"日期", "Date"}},
      {"people", {"参加人员", "People"}},
      {"findings", {"发现情况", "Findings"}},
      {"inspection_id", {"督查走访", "Inspection"}},
      {"chair", {"主持人", "Chair"}},
      {"location", {"地点", "Location"}},
      {"text", {"办理情况", "Text"}},
      {"result", {"办理结果", "Result"}},
      {"decision", {"会议决定", "Decision"}},
      {"meeting_id", {"会议", "Meeting"}},
      {"cooperating_org_ids", {"协办单位", "Cooperating units"}},
      {"reply_deadline", {"回复期限", "Reply deadline"}},
      {"accept", {"确认结果", "Accept"}},
      {"on", {"日期", "Date"}},
      {"to_level", {"提级至", "Escalate to"}},
      {"remark", {"备注", "Remark"}},
      {"type", {"问题类型", "Problem type"}},
      {"state", {"状态", "State"}},
      {"overdue", {"仅看超期", "Overdue only"}},
      {"awaiting_reply", {"仅看待回复", "Awaiting reply only"}},
      {"overdue_working_days", {"超期提级工作日数", "Overdue working days"}},
      {"approval_red_percent", {"红码时限比例", "Red code share of the limit"}},
      {"date", {"日期", "Date"}},
      {"attachment_ids", {"附件", "Attachments"}},
      {"file", {"文件", "File"}},
      {"filename", {"文件名", "File name"}},
      {"period", {"报告期", "Period"}},
      {"investment", {"本月完成投资", "Investment this month"}},
      {"funds_arrived", {"本月资金到位", "Funds arrived this month"}},
      {"progress", {"形象进度百分比", "Image progress"}},
      {"progress_text", {"形象进度", "Image progress"}},
      {"workers_required", {"需用工人数", "Workers required"}},
      {"workers_on_site", {"在岗工人数", "Workers on site"}},
      {"site_status", {"建设状态", "Site status"}},
      {"problems", {"存在问题", "Problems"}},
      {"next_plan", {"下月计划", "Next month's plan"}},
      {"planned_investment", {"年度计划投资", "Planned investment"}},
      {"monthly_targets", {"分月目标", "Monthly targets"}},
      {"progress_goal", {"形象进度目标", "Progress goal"}},
      {"opens_on", {"填报开始日期", "Opens on"}},
      {"closes_on", {"填报截止日期", "Closes on"}},
      {"until", {"延期至", "Until"}},
      {"project_id", {"项目", "Project"}},
      {"to", {"结束时间", "To"}},
      {"password_min_length", {"密码最小长度", "Minimum password length"}},
      {"password_min_classes", {"密码字符类别数", "Password character classes"}},
      {"password_expiry_days", {"密码有效期（天）", "Password expiry (days)"}},
      {"password_history", {"密码历史次数", "Password history"}},
      {"password_iterations", {"密码哈希迭代次数", "Password hash iterations"}},
      {"lockout_threshold", {"登录失败锁定次数", "Failures before lockout"}},
      {"lockout_minutes", {"锁定时长（分钟）", "Lockout minutes"}},
      {"idle_minutes", {"空闲超时（分钟）", "Idle timeout (minutes)"}},
      {"absolute_hours", {"会话最长时长（小时）", "Session limit (hours)"}},
      {"totp_required", {"强制双因素认证", "Require a second factor"}},
      {"login_attempts_per_minute", {"每分钟登录尝试上限", "Sign-in attempts per minute"}},
      {"columns", {"列", "Columns"}},
      {"file_name", {"文件名", "File name"}},
      {"format", {"导出格式", "Format"}},
      {"view", {"范围", "View"}},
  };
  return kLabels;
}

std::string_view Pick(const Text& t, std::string_view lang) { return lang == "en" ? t.en : t.zh; }

}  // namespace

int HttpStatus(Code code) {
  switch (code) {
    case Code::kOk: return 200;
    case Code::kInvalidArgument: return 400;
    case Code::kUnauthenticated: return 401;
    case Code::kPermissionDenied: return 403;
    case Code::kNotFound: return 404;
    case Code::kMethodNotAllowed: return 405;
    case Code::kConflict: return 409;
    case Code::kFailedPrecondition: return 412;
    case Code::kPayloadTooLarge: return 413;
    case Code::kUnsupportedMediaType: return 415;
    case Code::kPreconditionRequired: return 428;
    case Code::kTooManyRequests: return 429;
    case Code::kUnavailable: return 503;
    case Code::kInternal: return 500;
  }
  return 500;
}

// A field's label: its own, or for a path such as "deps[1].lag_days" the labels of its parts
// ("前置节点第2项滞后工作日", "Predecessors #2 Lag (working days)"); unknown parts stay as written.
std::string FieldLabel(std::string_view field, std::string_view lang) {
  if (auto l = FieldLabels().find(field); l != FieldLabels().end()) return std::string(Pick(l->second, lang));
  if (field.find_first_of(".[") == std::string_view::npos) return std::string(field);
  const bool zh = lang != "en";
  std::string out;
  size_t i = 0;
  while (i < field.size()) {
    if (field[i] == '.') {
      ++i;
      continue;
    }
    if (field[i] == '[') {
      const size_t close = field.find(']', i);
      if (close == std::string_view::npos) return std::string(field);
      const std::string index(field.substr(i + 1, close - i - 1));
      int n = 0;
      try {
        n = std::stoi(index) + 1;
      } catch (const std::exception&) {
        return std::string(field);
      }
      out += zh ? "第" + std::to_string(n) + "项" : " #" + std::to_string(n);
      i = close + 1;
      continue;
    }
    const size_t end = field.find_first_of(".[", i);
    std::string_view part = field.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    auto l = FieldLabels().find(part);
    if (!zh && !out.empty()) out += ' ';
    out += l != FieldLabels().end() ? std::string(Pick(l->second, lang)) : std::string(part);
    i = end == std::string_view::npos ? field.size() : end;
  }
  return out;
}

std::string Message(const core::Status& status, std::string_view lang, std::string_view request_id) {
  const auto& messages = Catalogue();
  auto it = messages.find(status.key());
  if (it == messages.end()) it = messages.find(core::CodeName(status.code()));
  if (it == messages.end()) it = messages.find("internal");
  std::string label = FieldLabel(status.field(), lang);
  fmt::dynamic_format_arg_store<fmt::format_context> args;
  for (const auto& a : status.args()) args.push_back(a);
  for (size_t i = status.args().size(); i < 4; ++i) args.push_back(std::string("?"));  // tolerate missing args
  args.push_back(fmt::arg("field", label));
  args.push_back(fmt::arg("request_id", std::string(request_id)));
  try {
    return fmt::vformat(Pick(it->second, lang), args);
  } catch (const fmt::format_error&) {
    return std::string(Pick(it->second, lang));
  }
}

http::Response ErrorResponse(const core::Status& status, const http::Request& request) {
  int code = HttpStatus(status.code());
  if (status.code() == Code::kInternal) {
    spdlog::error("{} internal error on {} {}: {}", request.request_id, request.method, request.path,
                  status.detail());
  } else if (status.code() == Code::kUnavailable) {
    spdlog::warn("{} unavailable on {} {}: {} {}", request.request_id, request.method, request.path, status.key(),
                 status.detail());
  }
  nlohmann::json error = {{"code", core::CodeName(status.code())},
                          {"message", Message(status, request.Language(), request.request_id)}};
  if (!status.field().empty()) error["field"] = status.field();
  // The catalogue key: a stable, machine-readable reason finer than the code
  // ("otp_required", "session_expired", "password_change_required", …).
  if (status.code() != Code::kInternal) error["reason"] = status.key();
  http::Response r = http::Response::Json(code, nlohmann::json{{"error", error}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (code == 503) r.SetHeader("Retry-After", "1");
  return r;
}

std::vector<std::string_view> MessageKeys() {
  std::vector<std::string_view> keys;
  for (const auto& [k, v] : Catalogue()) keys.push_back(k);
  return keys;
}

}  // namespace gongjian::api
