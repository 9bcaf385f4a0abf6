#pragma once

#include <cstdint>
#include <vector>

namespace gongjian::store {

// One page of a list and the number of rows matching the filter in all pages.
template <typename T>
struct Page {
  std::vector<T> items;
  int64_t total = 0;
};

// Paging as the API gives it; page is 1-based.
struct PageRequest {
  int64_t page = 1;
  int64_t page_size = 20;
  int64_t Offset() const { return (page - 1) * page_size; }
};

}  // namespace gongjian::store
