# gongjian_embed(OUTPUT out.cc NAMESPACE ns FUNCTION fn FILES a b ...)
# Generates a .cc defining `std::span<const gongjian::core::EmbeddedFile> ns::fn()` that
# holds the files' bytes, so the binary carries its migrations and documents with it.
function(gongjian_embed)
  cmake_parse_arguments(E "" "OUTPUT;NAMESPACE;FUNCTION" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT ${E_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${E_OUTPUT} -DNAMESPACE=${E_NAMESPACE}
            -DFUNCTION=${E_FUNCTION} "-DFILES=${E_FILES}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${E_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding ${E_FUNCTION}"
    VERBATIM)
endfunction()
