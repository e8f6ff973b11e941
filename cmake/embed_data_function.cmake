# morgue_embed_data(TARGET NAME ITEM...): compiles data files into TARGET, so the programs need
# nothing at run time. Each ITEM is FUNCTION=PATH; the generated header embedded/NAME.h
# declares morgue::embedded::FUNCTION() -> std::string_view for each, and is on TARGET's
# include path.
function(morgue_embed_data target name)
  set(out_dir ${CMAKE_BINARY_DIR}/embedded)
  set(out ${out_dir}/${name})
  set(depends)
  foreach(item ${ARGN})
    string(REGEX REPLACE "^[^=]*=" "" path "${item}")
    list(APPEND depends "${path}")
  endforeach()
  # add_custom_command splits arguments at ';', so the list travels '|'-separated.
  string(REPLACE ";" "|" items "${ARGN}")
  add_custom_command(
    OUTPUT ${out}.cpp ${out}.h
    COMMAND ${CMAKE_COMMAND} "-DITEMS=${items}" -DOUT=${out} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_data.cmake
    DEPENDS ${depends} ${PROJECT_SOURCE_DIR}/cmake/embed_data.cmake
    COMMENT "Embedding ${name}"
    VERBATIM)
  # An object library of the calling folder (a custom command's output only builds for targets
  # of the folder that declares it), whose objects join TARGET.
  add_library(morgue_${name} OBJECT ${out}.cpp ${out}.h)
  target_include_directories(morgue_${name} PUBLIC ${CMAKE_BINARY_DIR})
  target_link_libraries(morgue_${name} PRIVATE morgue_sanitizers)
  target_link_libraries(${target} PRIVATE morgue_${name})
endfunction()
