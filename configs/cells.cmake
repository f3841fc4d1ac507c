# jh_add_cells(<target> <outdir> <c-compiler> <objcopy> [ALL])
#
# Compiles every configs/<board>/*.c with <c-compiler> into an object and
# turns it into <outdir>/<name>.cell with objcopy, i.e. exactly the bytes of
# the config struct.  Creates the custom target <target> building all of
# them and sets, in the caller's scope, <target>_CELLS to the list of .cell
# files.  Used by configs/ (cross build) and tests/unit (host build); the
# format is packed little endian, so both give the same bytes.
#
# jh_add_cell_sources(<target> <outdir> <c-compiler> <objcopy> <ALL|NOALL>
#                     <sources...>)
# does the same for the given sources (tests/unit/published: the bytes of
# Jailhouse's own configs).
function(jh_add_cells target outdir cc objcopy)
	file(GLOB srcs CONFIGURE_DEPENDS ${JH_SOURCE_DIR}/configs/*/*.c)
	if(ARGN)
		set(all ALL)
	else()
		set(all NOALL)
	endif()
	jh_add_cell_sources(${target} ${outdir} ${cc} ${objcopy} ${all}
		${srcs})
	set(${target}_CELLS ${${target}_CELLS} PARENT_SCOPE)
endfunction()

function(jh_add_cell_sources target outdir cc objcopy all)
	set(hdrs
		${JH_SOURCE_DIR}/include/jailhouse/types.h
		${JH_SOURCE_DIR}/include/jailhouse/console.h
		${JH_SOURCE_DIR}/include/jailhouse/cell-config.h)
	set(flags -ffreestanding -fno-common -O0 -Wall -Wextra
		-I${JH_SOURCE_DIR}/include)
	if(JH_WERROR)
		list(APPEND flags -Werror)
	endif()
	set(cells)
	foreach(src ${ARGN})
		get_filename_component(name ${src} NAME_WE)
		set(obj ${outdir}/obj/${name}.o)
		set(cell ${outdir}/${name}.cell)
		add_custom_command(OUTPUT ${cell}
			COMMAND ${CMAKE_COMMAND} -E make_directory
				${outdir}/obj
			COMMAND ${cc} ${flags} -c ${src} -o ${obj}
			COMMAND ${objcopy} -O binary
				--remove-section=.note.gnu.property
				${obj} ${cell}
			DEPENDS ${src} ${hdrs}
			COMMENT "Config ${name}.cell"
			VERBATIM)
		list(APPEND cells ${cell})
	endforeach()
	if(all STREQUAL "ALL")
		add_custom_target(${target} ALL DEPENDS ${cells})
	else()
		add_custom_target(${target} DEPENDS ${cells})
	endif()
	set(${target}_CELLS ${cells} PARENT_SCOPE)
endfunction()
