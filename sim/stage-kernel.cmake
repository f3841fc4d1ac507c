# The emulated board's root file system for a further guest kernel: the
# staged install tree of the default kernel, with its modules replaced by
# the same modules built against the other kernel.  Run with cmake -P and
#   -DFROM=<staged tree>       -DTO=<new staged tree>
#   -DOLD=<default release>    -DNEW=<release of the other kernel>
#   -DMODULES=<folder with the other kernel's .ko files>
#   -DMANIFEST=<install manifest of FROM>  -DMANIFEST_OUT=<one for TO>
# Each module installed for OLD must have been built for NEW.
cmake_minimum_required(VERSION 3.21)

set(old_dir lib/modules/${OLD})
set(new_dir lib/modules/${NEW}/extra/driver)
file(GLOB_RECURSE old_modules RELATIVE ${FROM}/${old_dir}
	${FROM}/${old_dir}/*.ko)
if(NOT old_modules)
	message(FATAL_ERROR "stage-kernel: no modules in ${FROM}/${old_dir}")
endif()

file(REMOVE_RECURSE ${TO})
file(MAKE_DIRECTORY ${TO})
file(COPY ${FROM}/ DESTINATION ${TO})
file(REMOVE_RECURSE ${TO}/${old_dir})
file(MAKE_DIRECTORY ${TO}/${new_dir})

set(installed)
foreach(m IN LISTS old_modules)
	get_filename_component(name ${m} NAME)
	if(NOT EXISTS ${MODULES}/${name})
		message(FATAL_ERROR "stage-kernel: ${name} was not built for "
			"${NEW} (${MODULES})")
	endif()
	file(COPY ${MODULES}/${name} DESTINATION ${TO}/${new_dir})
	list(APPEND installed /${new_dir}/${name})
endforeach()

# The manifest lists what the tree holds, as cmake --install's does.
file(STRINGS ${MANIFEST} files)
list(FILTER files EXCLUDE REGEX "^/${old_dir}/")
list(APPEND files ${installed})
list(JOIN files "\n" text)
file(WRITE ${MANIFEST_OUT} "${text}\n")
