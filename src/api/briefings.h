#pragma once

#include "api/context.h"
#include "http/router.h"

namespace gongjian::api {

// The monthly briefing (月度通报, SPEC §10, issue 7): the project office publishes one issue a
// month, numbered per year (第N期), from the district's cockpit figures (DistrictCockpitAnswers)
// as a PDF and an xlsx workbook (report/briefing.h), archived in the file store with their SM3; a
// published issue is a record and never changes.
//   GET  /api/briefings[?year=]          every business user: the issues, newest month first
//   POST /api/briefings {year, month}    the office (kProjectReview): publish; 409 when the
//                                        month has its issue
//   GET  /api/briefings/preview?year=&month=   the office: the PDF as it would be published
//   GET  /api/briefings/{id}, /{id}/pdf, /{id}/xlsx
// The briefing covers the whole district: it is the document the office sends to every unit, so
// every business user reads it, whatever their data scope.
void AddBriefingRoutes(http::Router& router, const ApiContext& ctx);

}  // namespace gongjian::api
