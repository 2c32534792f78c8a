<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_CL">
<context>
    <name>QObject</name>
    <message>
        <source>Obs unit</source>
        <translation>Unidad obs.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Datos</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sincr.</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Ruta</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Módulo</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Paquete</translation>
    </message>
    <message>
        <source>Checksum</source>
        <translation>Suma de verificación</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transferencia</translation>
    </message>
</context>
<context>
    <name>ops</name>
    <message>
        <source>Night log %1</source>
        <translation>Bitácora nocturna %1</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>no se puede escribir %1</translation>
    </message>
    <message>
        <source>Night log — %1, night of %2 (noon to noon, %3)</source>
        <translation>Bitácora nocturna — %1, noche del %2 (de mediodía a mediodía, %3)</translation>
    </message>
    <message>
        <source>Observations: %1, observing time %2 h %3 min</source>
        <translation>Observaciones: %1, tiempo de observación %2 h %3 min</translation>
    </message>
    <message>
        <source>By status: %1</source>
        <translation>Por estado: %1</translation>
    </message>
    <message>
        <source>Obs unit</source>
        <translation>Unidad obs.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>Modules</source>
        <translation>Módulos</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>Paquetes</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Datos</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sincr.</translation>
    </message>
</context>
<context>
    <name>ops::BacklogChart</name>
    <message>
        <source>pending transactions</source>
        <translation>transacciones pendientes</translation>
    </message>
    <message>
        <source>oldest pending (minutes)</source>
        <translation>la pendiente más antigua (minutos)</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%2 UTC)
%n pending transaction(s)</source>
        <translation>
            <numerusform>%1 (%2 UTC)
%n transacción pendiente</numerusform>
            <numerusform>%1 (%2 UTC)
%n transacciones pendientes</numerusform>
        </translation>
    </message>
    <message>
        <source>oldest pending: %1 min</source>
        <translation>la pendiente más antigua: %1 min</translation>
    </message>
    <message>
        <source>Backlog, last 24 hours (%1)</source>
        <translation>Pendientes, últimas 24 horas (%1)</translation>
    </message>
    <message numerus="yes">
        <source>alarm threshold (%n min)</source>
        <translation>
            <numerusform>umbral de alarma (%n min)</numerusform>
            <numerusform>umbral de alarma (%n min)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::EventLogModel</name>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>%1 (%2 UTC)</source>
        <translation>%1 (%2 UTC)</translation>
    </message>
</context>
<context>
    <name>ops::FolderRegistration</name>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>A folder is still being read for registration. Cancel the reading (nothing of it is registered) and quit?</source>
        <translation>Todavía se está leyendo una carpeta para registrarla. ¿Cancelar la lectura (no se registra nada de ella) y salir?</translation>
    </message>
    <message>
        <source>Cancel reading and quit</source>
        <translation>Cancelar la lectura y salir</translation>
    </message>
    <message>
        <source>Keep reading</source>
        <translation>Seguir leyendo</translation>
    </message>
    <message>
        <source>Register files</source>
        <translation>Registrar archivos</translation>
    </message>
    <message>
        <source>A folder is already being read; wait for it or cancel it.</source>
        <translation>Ya se está leyendo una carpeta; espere o cancele la lectura.</translation>
    </message>
    <message>
        <source>Folder with the observation&apos;s files</source>
        <translation>Carpeta con los archivos de la observación</translation>
    </message>
    <message>
        <source>Register the files in %1 to the observation of obs unit %2.

Instrument module of these files:</source>
        <translation>Registrar los archivos de %1 en la observación de la obs unit %2.

Módulo del instrumento de estos archivos:</translation>
    </message>
    <message>
        <source>Cancel reading</source>
        <translation>Cancelar la lectura</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Leyendo %1…</translation>
    </message>
    <message numerus="yes">
        <source>Reading %1: %2 of %Ln file(s), %3 of %4</source>
        <translation>
            <numerusform>Leyendo %1: %2 de %Ln archivo, %3 de %4</numerusform>
            <numerusform>Leyendo %1: %2 de %Ln archivos, %3 de %4</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was registered.</source>
        <translation>No se registró nada.</translation>
    </message>
    <message>
        <source>The folder holds no files.</source>
        <translation>La carpeta no contiene archivos.</translation>
    </message>
    <message numerus="yes">
        <source>Register %n file(s) to obs unit %1</source>
        <translation>
            <numerusform>Registrar %n archivo en la obs unit %1</numerusform>
            <numerusform>Registrar %n archivos en la obs unit %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::HealthPanel</name>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message>
        <source>Health:</source>
        <translation>Estado:</translation>
    </message>
    <message>
        <source>Site:</source>
        <translation>Sitio:</translation>
    </message>
    <message>
        <source>Central database:</source>
        <translation>Base de datos central:</translation>
    </message>
    <message>
        <source>Sync:</source>
        <translation>Sincronización:</translation>
    </message>
    <message>
        <source>Last successful sync:</source>
        <translation>Última sincronización correcta:</translation>
    </message>
    <message>
        <source>Waiting for central:</source>
        <translation>Esperando a la central:</translation>
    </message>
    <message>
        <source>Refused by central:</source>
        <translation>Rechazado por la central:</translation>
    </message>
    <message>
        <source>Applied by central:</source>
        <translation>Aplicado por la central:</translation>
    </message>
    <message>
        <source>Buffer:</source>
        <translation>Búfer:</translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation>Último error:</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>correcto</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>degradado</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>averiado</translation>
    </message>
    <message>
        <source>unhealthy: %1</source>
        <translation>averiado: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>conectada</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>desconectada</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>no configurada</translation>
    </message>
    <message>
        <source>idle: everything sent</source>
        <translation>en reposo: todo enviado</translation>
    </message>
    <message>
        <source>sending changes</source>
        <translation>enviando cambios</translation>
    </message>
    <message>
        <source>waiting to try again</source>
        <translation>esperando para reintentar</translation>
    </message>
    <message>
        <source>off (no central database)</source>
        <translation>desactivada (sin base de datos central)</translation>
    </message>
    <message>
        <source>%1 ago (%2)</source>
        <translation>hace %1 (%2)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nada</translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s), the oldest %1 old</source>
        <translation>
            <numerusform>%n transacción, de hace %1</numerusform>
            <numerusform>%n transacciones, la más antigua de hace %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s): see above to retry or discard</source>
        <translation>
            <numerusform>%n transacción: reintentar o descartar arriba</numerusform>
            <numerusform>%n transacciones: reintentar o descartar arriba</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s)</source>
        <translation>
            <numerusform>%n transacción</numerusform>
            <numerusform>%n transacciones</numerusform>
        </translation>
    </message>
    <message>
        <source>sound</source>
        <translation>íntegro</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
</context>
<context>
    <name>ops::LinkStatus</name>
    <message>
        <source>Connected to the central database</source>
        <translation>Conectado a la base de datos central</translation>
    </message>
    <message>
        <source>Central database unreachable: %1</source>
        <translation>Base de datos central inalcanzable: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s) refused by the central database: see the Sync view</source>
        <translation>
            <numerusform>%n transacción rechazada por la base de datos central: ver la vista Sincr.</numerusform>
            <numerusform>%n transacciones rechazadas por la base de datos central: ver la vista Sincr.</numerusform>
        </translation>
    </message>
    <message>
        <source>Refused by the central database</source>
        <translation>Rechazado por la base de datos central</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting for the central database, the oldest for %1</source>
        <translation>
            <numerusform>%n cambio espera a la base de datos central desde hace %1</numerusform>
            <numerusform>%n cambios esperan a la base de datos central, el más antiguo desde hace %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync backlog</source>
        <translation>Atraso de sincronización</translation>
    </message>
    <message numerus="yes">
        <source>%n dead letter(s)</source>
        <translation>
            <numerusform>%n transacción rechazada</numerusform>
            <numerusform>%n transacciones rechazadas</numerusform>
        </translation>
    </message>
    <message>
        <source>central unreachable</source>
        <translation>central inalcanzable</translation>
    </message>
    <message>
        <source>backlog %1</source>
        <translation>atraso %1</translation>
    </message>
    <message>
        <source>local only</source>
        <translation>solo local</translation>
    </message>
    <message>
        <source>all well</source>
        <translation>todo en orden</translation>
    </message>
    <message numerus="yes">
        <source>Backlog alarm after %n minute(s) (Settings)</source>
        <translation>
            <numerusform>Alarma de atraso tras %n minuto (Ajustes)</numerusform>
            <numerusform>Alarma de atraso tras %n minutos (Ajustes)</numerusform>
        </translation>
    </message>
    <message>
        <source>last sync %1 ago</source>
        <translation>última sincronización hace %1</translation>
    </message>
    <message>
        <source>never synced</source>
        <translation>nunca sincronizado</translation>
    </message>
</context>
<context>
    <name>ops::MainWindow</name>
    <message>
        <source>Operations console — %1</source>
        <translation>Consola de operaciones — %1</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>Paquetes</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Destino</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Solicitado por</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Cancelled by</source>
        <translation>Cancelado por</translation>
    </message>
    <message>
        <source>Cancel reason</source>
        <translation>Motivo de cancelación</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Solicitado</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sincr.</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>&amp;Staging</source>
        <translation>P&amp;reparación</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transacción</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Confirmada</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Próximo intento</translation>
    </message>
    <message>
        <source>Central&apos;s answer</source>
        <translation>Respuesta de la central</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>S&amp;incr.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Consola</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>Export night log as &amp;CSV…</source>
        <translation>Exportar la bitácora como &amp;CSV…</translation>
    </message>
    <message>
        <source>Export night log as &amp;PDF report…</source>
        <translation>Exportar la bitácora como informe &amp;PDF…</translation>
    </message>
    <message>
        <source>&amp;Observation</source>
        <translation>&amp;Observación</translation>
    </message>
    <message>
        <source>&amp;Start observation…</source>
        <translation>&amp;Iniciar observación…</translation>
    </message>
    <message>
        <source>&amp;Finish observation…</source>
        <translation>&amp;Terminar observación…</translation>
    </message>
    <message>
        <source>&amp;Register files from folder…</source>
        <translation>&amp;Registrar archivos de una carpeta…</translation>
    </message>
    <message>
        <source>&amp;Package</source>
        <translation>&amp;Paquete</translation>
    </message>
    <message>
        <source>&amp;Create package from selected files…</source>
        <translation>&amp;Crear paquete con los archivos seleccionados…</translation>
    </message>
    <message>
        <source>&amp;Finalize package</source>
        <translation>&amp;Finalizar paquete</translation>
    </message>
    <message>
        <source>Request &amp;staging…</source>
        <translation>Solicitar &amp;preparación…</translation>
    </message>
    <message>
        <source>&amp;Cancel staging job…</source>
        <translation>&amp;Cancelar trabajo de preparación…</translation>
    </message>
    <message>
        <source>&amp;Retry dead-lettered transaction…</source>
        <translation>&amp;Reintentar transacción rechazada…</translation>
    </message>
    <message>
        <source>&amp;Discard dead-lettered transaction…</source>
        <translation>&amp;Descartar transacción rechazada…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Configuración…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>Export the night log</source>
        <translation>Exportar la bitácora nocturna</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>%1: done (buffered)</source>
        <translation>%1: hecho (en búfer)</translation>
    </message>
    <message>
        <source>%1 refused: %2</source>
        <translation>%1 rechazado: %2</translation>
    </message>
    <message>
        <source>%1 was refused:

%2</source>
        <translation>%1 fue rechazado:

%2</translation>
    </message>
    <message>
        <source>Start observation</source>
        <translation>Iniciar observación</translation>
    </message>
    <message>
        <source>Planned observation unit (obs_unit_id):</source>
        <translation>Unidad de observación planificada (obs_unit_id):</translation>
    </message>
    <message>
        <source>Finish observation</source>
        <translation>Terminar observación</translation>
    </message>
    <message>
        <source>Select an observation in the night log first.</source>
        <translation>Seleccione primero una observación en la bitácora nocturna.</translation>
    </message>
    <message>
        <source>Register files</source>
        <translation>Registrar archivos</translation>
    </message>
    <message>
        <source>Select the observation the files belong to in the night log first.</source>
        <translation>Seleccione primero en la bitácora la observación a la que pertenecen los archivos.</translation>
    </message>
    <message>
        <source>Create package</source>
        <translation>Crear paquete</translation>
    </message>
    <message>
        <source>Select the files for the package first (Files view or the night log&apos;s files).</source>
        <translation>Seleccione primero los archivos del paquete (vista Archivos o los archivos de la bitácora).</translation>
    </message>
    <message>
        <source>Finalize package</source>
        <translation>Finalizar paquete</translation>
    </message>
    <message>
        <source>Request staging</source>
        <translation>Solicitar preparación</translation>
    </message>
    <message>
        <source>Select one or more complete packages in the Packages view first.</source>
        <translation>Seleccione primero uno o más paquetes completos en la vista Paquetes.</translation>
    </message>
    <message>
        <source>Cancel staging</source>
        <translation>Cancelar preparación</translation>
    </message>
    <message>
        <source>Select a staging job in the Staging view first.</source>
        <translation>Seleccione primero un trabajo en la vista Preparación.</translation>
    </message>
    <message>
        <source>This staging job is already %1; only a pending, scheduled or in-progress job can be cancelled.</source>
        <translation>Este trabajo de preparación ya está %1; solo se puede cancelar uno pendiente, programado o en curso.</translation>
    </message>
    <message>
        <source>Cancel staging job</source>
        <translation>Cancelar trabajo de preparación</translation>
    </message>
    <message>
        <source>A reason is required to cancel a staging job.</source>
        <translation>Se requiere un motivo para cancelar un trabajo de preparación.</translation>
    </message>
    <message>
        <source>Retry transaction</source>
        <translation>Reintentar transacción</translation>
    </message>
    <message>
        <source>Select a failed (dead-lettered) transaction in the Sync view first.</source>
        <translation>Seleccione primero una transacción rechazada en la vista Sincr.</translation>
    </message>
    <message>
        <source>Send “%1” to the central database again?

Central refused it with:
%2

Retry only if that cause is gone.</source>
        <translation>¿Enviar «%1» de nuevo a la base de datos central?

La central lo rechazó con:
%2

Reintente solo si esa causa ya no existe.</translation>
    </message>
    <message>
        <source>Discard transaction</source>
        <translation>Descartar transacción</translation>
    </message>
    <message>
        <source>The buffer was damaged: %1</source>
        <translation>El búfer estaba dañado: %1</translation>
    </message>
    <message>
        <source>The buffer was damaged: see the event log</source>
        <translation>El búfer estaba dañado: vea el registro de eventos</translation>
    </message>
    <message>
        <source>Night log</source>
        <translation>Registro nocturno</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Cantidad</translation>
    </message>
    <message>
        <source>Staging</source>
        <translation>Preparación</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Auditoría</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Eventos</translation>
    </message>
    <message>
        <source>Copy rows</source>
        <translation>Copiar filas</translation>
    </message>
    <message>
        <source>Night log exported to %1</source>
        <translation>Registro nocturno exportado a %1</translation>
    </message>
    <message>
        <source>%1: cancelled. %2</source>
        <translation>%1: cancelado. %2</translation>
    </message>
    <message>
        <source>Select an observation in the night log.</source>
        <translation>Seleccione una observación en el registro nocturno.</translation>
    </message>
    <message>
        <source>Obs unit %1 is %2; only a running observation can be finished.</source>
        <translation>La obs unit %1 está %2; solo se puede finalizar una observación en curso.</translation>
    </message>
    <message>
        <source>Obs unit %1</source>
        <translation>Obs unit %1</translation>
    </message>
    <message>
        <source>A folder is being read; wait for it or cancel it.</source>
        <translation>Se está leyendo una carpeta; espere o cancele la lectura.</translation>
    </message>
    <message>
        <source>Select the observation in the night log.</source>
        <translation>Seleccione la observación en el registro nocturno.</translation>
    </message>
    <message>
        <source>Select files in the Files view or in the night log&apos;s files.</source>
        <translation>Seleccione archivos en la vista Archivos o en los archivos del registro nocturno.</translation>
    </message>
    <message>
        <source>Some selected files are already in a package.</source>
        <translation>Algunos de los archivos seleccionados ya están en un paquete.</translation>
    </message>
    <message>
        <source>The selected files belong to more than one observation.</source>
        <translation>Los archivos seleccionados pertenecen a más de una observación.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n archivo</numerusform>
            <numerusform>%n archivos</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a package that is still building.</source>
        <translation>Seleccione un paquete que aún esté en construcción.</translation>
    </message>
    <message>
        <source>Only a package that is still building can be finalized.</source>
        <translation>Solo se puede cerrar un paquete que aún esté en construcción.</translation>
    </message>
    <message>
        <source>Select complete packages.</source>
        <translation>Seleccione paquetes completos.</translation>
    </message>
    <message>
        <source>Only complete packages can be staged.</source>
        <translation>Solo se pueden preparar paquetes completos.</translation>
    </message>
    <message>
        <source>Select a staging job.</source>
        <translation>Seleccione un trabajo de preparación.</translation>
    </message>
    <message>
        <source>Staging to %1</source>
        <translation>Preparación hacia %1</translation>
    </message>
    <message>
        <source>This staging job is already %1.</source>
        <translation>Este trabajo de preparación ya está %1.</translation>
    </message>
    <message>
        <source>Select a transaction the central database refused.</source>
        <translation>Seleccione una transacción que la base de datos central rechazó.</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>Motivo (obligatorio)</translation>
    </message>
    <message numerus="yes">
        <source>Finish the observation of obs unit %1 (started %2, %n file(s)) as:</source>
        <translation>
            <numerusform>Finalizar la observación de la obs unit %1 (iniciada %2, %n archivo) como:</numerusform>
            <numerusform>Finalizar la observación de la obs unit %1 (iniciada %2, %n archivos) como:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Package %n file(s) (%1 of at most %2), module %3:
%4

Package name:</source>
        <translation>
            <numerusform>Empaquetar %n archivo (%1 de como máximo %2), módulo %3:
%4

Nombre del paquete:</numerusform>
            <numerusform>Empaquetar %n archivos (%1 de como máximo %2), módulo %3:
%4

Nombre del paquete:</numerusform>
        </translation>
    </message>
    <message>
        <source>Select the package in the Packages view (or the night log&apos;s packages) first.</source>
        <translation>Seleccione primero el paquete en la vista Paquetes (o en los paquetes del registro nocturno).</translation>
    </message>
    <message>
        <source>Package %1 is already %2; only a package that is still building can be finalized.</source>
        <translation>El paquete %1 ya está %2; solo se puede cerrar un paquete que aún esté en construcción.</translation>
    </message>
    <message>
        <source>Finalize</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Keep building</source>
        <translation>Seguir construyendo</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>Cancelar el trabajo</translation>
    </message>
    <message>
        <source>Keep job</source>
        <translation>Mantener el trabajo</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>Leave it refused</source>
        <translation>Dejarla rechazada</translation>
    </message>
    <message>
        <source>Discard “%1”?

Central refused it with: %2

Its changes leave this console for good and never reach the central database; transactions that build on them fail in turn. This is recorded in the audit under your name (%3).</source>
        <translation>¿Descartar «%1»?

La central la rechazó con: %2

Sus cambios salen de esta consola para siempre y nunca llegan a la base de datos central; las transacciones que se basan en ellos fallan a su vez. Esto queda registrado en la auditoría a su nombre (%3).</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Mantenerla</translation>
    </message>
    <message>
        <source>A reason is required to discard a transaction.</source>
        <translation>Se requiere un motivo para descartar una transacción.</translation>
    </message>
    <message numerus="yes">
        <source> and %n more</source>
        <translation>
            <numerusform> y %n más</numerusform>
            <numerusform> y %n más</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s)</source>
        <translation>
            <numerusform>%Ln archivo</numerusform>
            <numerusform>%Ln archivos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Finalize %n package(s): %1 (%2, %3)?

No files can be added to them afterwards; they become ready for transfer and staging.</source>
        <translation>
            <numerusform>¿Cerrar %n paquete: %1 (%2, %3)?

Después no se le pueden añadir archivos; queda listo para la transferencia y la preparación.</numerusform>
            <numerusform>¿Cerrar %n paquetes: %1 (%2, %3)?

Después no se les pueden añadir archivos; quedan listos para la transferencia y la preparación.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stage %n package(s): %1 (%2, %3)

to (processing location):</source>
        <translation>
            <numerusform>Preparar %n paquete: %1 (%2, %3)

hacia (lugar de procesamiento):</numerusform>
            <numerusform>Preparar %n paquetes: %1 (%2, %3)

hacia (lugar de procesamiento):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancel the staging of %n package(s) (%1; %2, %3) to %4?

The data-transfer system will stop working on it; this is recorded in the audit under your name (%5).</source>
        <translation>
            <numerusform>¿Cancelar la preparación de %n paquete (%1; %2, %3) hacia %4?

El sistema de transferencia de datos dejará de trabajar en ella; esto queda registrado en la auditoría a su nombre (%5).</numerusform>
            <numerusform>¿Cancelar la preparación de %n paquetes (%1; %2, %3) hacia %4?

El sistema de transferencia de datos dejará de trabajar en ella; esto queda registrado en la auditoría a su nombre (%5).</numerusform>
        </translation>
    </message>
    <message>
        <source>Refused by the central database (its answer is in the next columns): retry it once the cause is gone (Ctrl+Shift+R) or discard it (Ctrl+Shift+D)</source>
        <translation>Rechazada por la base de datos central (su respuesta está en las columnas siguientes): reintentarla cuando la causa haya desaparecido (Ctrl+Mayús+R) o descartarla (Ctrl+Mayús+D)</translation>
    </message>
    <message>
        <source>Waiting to be sent to the central database</source>
        <translation>Esperando a ser enviada a la base de datos central</translation>
    </message>
    <message>
        <source>Filter events</source>
        <translation>Filtrar eventos</translation>
    </message>
</context>
<context>
    <name>ops::NightLogPage</name>
    <message>
        <source>Night of</source>
        <translation>Noche del</translation>
    </message>
    <message>
        <source>(noon to noon, %1)</source>
        <translation>(de mediodía a mediodía, %1)</translation>
    </message>
    <message>
        <source>&amp;Tonight</source>
        <translation>Es&amp;ta noche</translation>
    </message>
    <message>
        <source>Show the current night and follow it across noon</source>
        <translation>Mostrar la noche actual y seguirla pasado el mediodía</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>Paquetes</translation>
    </message>
    <message numerus="yes">
        <source>%n observation(s)</source>
        <translation>
            <numerusform>%n observación</numerusform>
            <numerusform>%n observaciones</numerusform>
        </translation>
    </message>
    <message>
        <source>observing time %1 h %2 min</source>
        <translation>tiempo de observación %1 h %2 min</translation>
    </message>
</context>
<context>
    <name>ops::NightTimeline</name>
    <message>
        <source>(no files)</source>
        <translation>(sin archivos)</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>rechazada</translation>
    </message>
</context>
<context>
    <name>ops::NightTimelineWidget</name>
    <message>
        <source>now</source>
        <translation>ahora</translation>
    </message>
    <message>
        <source>UTC: %1 to %2</source>
        <translation>UTC: %1 a %2</translation>
    </message>
    <message numerus="yes">
        <source>Obs unit %1 — %2
%3 to %4
%Ln file(s), %5
%6</source>
        <translation>
            <numerusform>Unidad obs. %1 — %2
%3 a %4
%Ln archivo, %5
%6</numerusform>
            <numerusform>Unidad obs. %1 — %2
%3 a %4
%Ln archivos, %5
%6</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::PackageSizeChart</name>
    <message>
        <source>Newest packages: size as a share of the limit (%1)</source>
        <translation>Paquetes más recientes: tamaño como fracción del límite (%1)</translation>
    </message>
    <message>
        <source>%1 · %2 %</source>
        <translation>%1 · %2 %</translation>
    </message>
    <message>
        <source>%1
%2 of %3 (%4 %)
%5</source>
        <translation>%1
%2 de %3 (%4 %)
%5</translation>
    </message>
</context>
<context>
    <name>ops::RecordDetail</name>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <source>Cancel reason</source>
        <translation>Motivo de la cancelación</translation>
    </message>
    <message>
        <source>Cancelled by</source>
        <translation>Cancelado por</translation>
    </message>
    <message>
        <source>Checksum</source>
        <translation>Suma de verificación</translation>
    </message>
    <message>
        <source>Checksum algorithm</source>
        <translation>Algoritmo de verificación</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Destino</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>Observación</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <source>File type</source>
        <translation>Tipo de archivo</translation>
    </message>
    <message>
        <source>Finalized</source>
        <translation>Finalizado</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Módulo</translation>
    </message>
    <message>
        <source>Modules</source>
        <translation>Módulos</translation>
    </message>
    <message>
        <source>Central&apos;s answer</source>
        <translation>Respuesta de la central</translation>
    </message>
    <message>
        <source>Mean elevation</source>
        <translation>Elevación media</translation>
    </message>
    <message>
        <source>Mean PWV</source>
        <translation>PWV medio</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Próximo intento</translation>
    </message>
    <message>
        <source>Observation info</source>
        <translation>Datos de la observación</translation>
    </message>
    <message>
        <source>Obs unit</source>
        <translation>Unidad obs.</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>Paquetes</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Paquete</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Ruta</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Solicitado por</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Reintentos</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Sitio</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>Staging job</source>
        <translation>Trabajo de preparación</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transacción</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sincr.</translation>
    </message>
    <message>
        <source>Record id</source>
        <translation>Id del registro</translation>
    </message>
    <message>
        <source>Record type</source>
        <translation>Tipo de registro</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Datos</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transferencia</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Modificado</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registro</translation>
    </message>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation>
            <numerusform>%Ln byte</numerusform>
            <numerusform>%Ln bytes</numerusform>
        </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
</context>
<context>
    <name>ops::RecordQuery</name>
    <message>
        <source>All</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>Buffered</source>
        <translation>En búfer</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Rechazados</translation>
    </message>
</context>
<context>
    <name>ops::RecordView</name>
    <message>
        <source>Filter (every row, not only those shown)</source>
        <translation>Filtro (todas las filas, no solo las mostradas)</translation>
    </message>
    <message>
        <source>Fit columns to their contents</source>
        <translation>Ajustar las columnas a su contenido</translation>
    </message>
    <message>
        <source>Copy rows</source>
        <translation>Copiar filas</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>contando…</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln fila</numerusform>
            <numerusform>%Ln filas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Console (takes effect at the next start)</source>
        <translation>Consola (surte efecto en el próximo inicio)</translation>
    </message>
    <message>
        <source>[host:]port, empty: no REST</source>
        <translation>[host:]puerto, vacío: sin REST</translation>
    </message>
    <message>
        <source>Central database:</source>
        <translation>Base de datos central:</translation>
    </message>
    <message>
        <source>Site:</source>
        <translation>Sitio:</translation>
    </message>
    <message>
        <source>Site type:</source>
        <translation>Tipo de sitio:</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>Zona horaria:</translation>
    </message>
    <message>
        <source>REST listen address:</source>
        <translation>Dirección REST:</translation>
    </message>
    <message>
        <source>Largest package (bytes):</source>
        <translation>Paquete más grande (bytes):</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Guardado en %1</translation>
    </message>
    <message>
        <source>Automation tokens (take effect at once)</source>
        <translation>Tokens de automatización (surten efecto de inmediato)</translation>
    </message>
    <message>
        <source>name, e.g. primecam-daq</source>
        <translation>nombre, p. ej. primecam-daq</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Crear</translation>
    </message>
    <message>
        <source>Revoke selected</source>
        <translation>Revocar seleccionado</translation>
    </message>
    <message>
        <source>Create token</source>
        <translation>Crear token</translation>
    </message>
    <message>
        <source>Token created</source>
        <translation>Token creado</translation>
    </message>
    <message>
        <source>The token for “%1”. Copy it now: it is shown only this once.</source>
        <translation>El token para «%1». Cópielo ahora: solo se muestra esta vez.</translation>
    </message>
    <message>
        <source>Revoke token</source>
        <translation>Revocar token</translation>
    </message>
    <message>
        <source>Revoke the token “%1”? Automation using it is refused from now on.</source>
        <translation>¿Revocar el token «%1»? La automatización que lo use será rechazada desde ahora.</translation>
    </message>
    <message>
        <source>Largest package: must be a positive whole number of bytes, got “%1”</source>
        <translation>Paquete más grande: debe ser un número entero positivo de bytes, se recibió «%1»</translation>
    </message>
    <message>
        <source>Time zone: unknown IANA time zone “%1”</source>
        <translation>Zona horaria: zona IANA desconocida «%1»</translation>
    </message>
    <message>
        <source>Site: must not be empty</source>
        <translation>Sitio: no puede estar vacío</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>no se puede escribir %1</translation>
    </message>
    <message>
        <source>Alarms (take effect at once)</source>
        <translation>Alarmas (efecto inmediato)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Notify when the oldest change waiting for central is older than this</source>
        <translation>Avisar cuando el cambio más antiguo que espera a la central supere esta edad</translation>
    </message>
    <message>
        <source>Backlog alarm after:</source>
        <translation>Alarma de atraso tras:</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>Night (dark, red)</source>
        <translation>Noche (oscuro, rojo)</translation>
    </message>
    <message>
        <source>Night: a dark, red-shifted look that keeps the eyes dark-adapted</source>
        <translation>Noche: un aspecto oscuro y rojizo que mantiene la vista adaptada a la oscuridad</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>Tema:</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>The size of all text on the desk, e.g. larger on a 4K screen</source>
        <translation>El tamaño de todo el texto de la consola, p. ej. mayor en una pantalla 4K</translation>
    </message>
    <message>
        <source>Text size:</source>
        <translation>Tamaño del texto:</translation>
    </message>
    <message>
        <source>Central database: not a libpq conninfo or postgresql:// URL: %1</source>
        <translation>Base de datos central: no es un conninfo de libpq ni una URL postgresql://: %1</translation>
    </message>
</context>
<context>
    <name>ops::StatusWatcher</name>
    <message>
        <source>central: connected</source>
        <translation>central: conectada</translation>
    </message>
    <message>
        <source>central: disconnected</source>
        <translation>central: desconectada</translation>
    </message>
    <message>
        <source>no central database configured</source>
        <translation>sin base de datos central configurada</translation>
    </message>
    <message>
        <source>nothing pending</source>
        <translation>nada pendiente</translation>
    </message>
    <message numerus="yes">
        <source>%n pending, oldest %1</source>
        <translation>
            <numerusform>%n pendiente, la más antigua %1</numerusform>
            <numerusform>%n pendientes, la más antigua %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n rechazada</numerusform>
            <numerusform>%n rechazadas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::deskqueries</name>
    <message>
        <source>Running</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completadas</translation>
    </message>
    <message>
        <source>Failed or aborted</source>
        <translation>Fallidas o abortadas</translation>
    </message>
    <message>
        <source>Not in a package</source>
        <translation>Sin paquete</translation>
    </message>
    <message>
        <source>In a package</source>
        <translation>En un paquete</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>En construcción</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Completos</translation>
    </message>
    <message>
        <source>In transfer</source>
        <translation>En transferencia</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activos</translation>
    </message>
    <message>
        <source>Failed or cancelled</source>
        <translation>Fallidos o cancelados</translation>
    </message>
    <message>
        <source>Waiting for central</source>
        <translation>Esperando a la central</translation>
    </message>
    <message>
        <source>Refused by central</source>
        <translation>Rechazadas por la central</translation>
    </message>
    <message>
        <source>package %1</source>
        <translation>paquete %1</translation>
    </message>
    <message>
        <source>staging job to %1</source>
        <translation>trabajo de preparación hacia %1</translation>
    </message>
    <message>
        <source>observation of obs unit %1</source>
        <translation>observación de la obs unit %1</translation>
    </message>
    <message>
        <source>transaction “%1”</source>
        <translation>transacción «%1»</translation>
    </message>
    <message>
        <source>cancelled staging</source>
        <translation>canceló una preparación</translation>
    </message>
    <message>
        <source>discarded a transaction</source>
        <translation>descartó una transacción</translation>
    </message>
    <message>
        <source>retried a transaction</source>
        <translation>reintentó una transacción</translation>
    </message>
</context>
<context>
    <name>ops::stateicons</name>
    <message>
        <source>running</source>
        <translation>en curso</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>completada</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fallida</translation>
    </message>
    <message>
        <source>aborted</source>
        <translation>abortada</translation>
    </message>
    <message>
        <source>building</source>
        <translation>en construcción</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>completo</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>en espera</translation>
    </message>
    <message>
        <source>transferring</source>
        <translation>transfiriendo</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>archivado</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pendiente</translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation>programado</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>en curso</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
    <message>
        <source>buffered</source>
        <translation>en búfer</translation>
    </message>
    <message>
        <source>synced</source>
        <translation>sincronizado</translation>
    </message>
    <message>
        <source>Safe in the local buffer; not yet in the central database</source>
        <translation>A salvo en el búfer local; aún no está en la base de datos central</translation>
    </message>
    <message>
        <source>The central database holds all of its changes</source>
        <translation>La base de datos central tiene todos sus cambios</translation>
    </message>
    <message>
        <source>Failed, or refused by the central database: see the Sync view</source>
        <translation>Fallido o rechazado por la base de datos central: ver la vista Sincr.</translation>
    </message>
    <message>
        <source>Waiting for transfer: only at the telescope so far</source>
        <translation>Esperando la transferencia: por ahora solo en el telescopio</translation>
    </message>
    <message>
        <source>Being transferred to the archive</source>
        <translation>Transfiriéndose al archivo</translation>
    </message>
    <message>
        <source>In the long-term archive</source>
        <translation>En el archivo a largo plazo</translation>
    </message>
</context>
<context>
    <name>ops::summarytext</name>
    <message>
        <source>main</source>
        <translation>principal</translation>
    </message>
    <message>
        <source>secondary</source>
        <translation>secundario</translation>
    </message>
    <message>
        <source>Start observation of obs unit %1</source>
        <translation>Iniciar la observación de la unidad %1</translation>
    </message>
    <message>
        <source>Finish observation %1 (obs unit %2) as %3</source>
        <translation>Terminar la observación %1 (unidad %2) como %3</translation>
    </message>
    <message numerus="yes">
        <source>Register %n files for observation %1</source>
        <translation>
            <numerusform>Registrar %n archivo para la observación %1</numerusform>
            <numerusform>Registrar %n archivos para la observación %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Register file %1</source>
        <translation>Registrar el archivo %1</translation>
    </message>
    <message numerus="yes">
        <source>Create package %1 with %n files</source>
        <translation>
            <numerusform>Crear el paquete %1 con %n archivo</numerusform>
            <numerusform>Crear el paquete %1 con %n archivos</numerusform>
        </translation>
    </message>
    <message>
        <source>Finalize package %1</source>
        <translation>Finalizar el paquete %1</translation>
    </message>
    <message numerus="yes">
        <source>Stage %n packages to %1</source>
        <translation>
            <numerusform>Preparar %n paquete en %1</numerusform>
            <numerusform>Preparar %n paquetes en %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel staging job %1 to %2</source>
        <translation>Cancelar el trabajo de staging %1 a %2</translation>
    </message>
    <message>
        <source>Audit: retried transaction %1</source>
        <translation>Auditoría: transacción %1 reintentada</translation>
    </message>
    <message>
        <source>Audit: discarded transaction %1</source>
        <translation>Auditoría: transacción %1 descartada</translation>
    </message>
    <message>
        <source>Audit: cancelled staging %1</source>
        <translation>Auditoría: staging %1 cancelado</translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n en curso</numerusform>
            <numerusform>%n en curso</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n completed</source>
        <translation>
            <numerusform>%n completada</numerusform>
            <numerusform>%n completadas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fallida</numerusform>
            <numerusform>%n fallidas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n aborted</source>
        <translation>
            <numerusform>%n abortada</numerusform>
            <numerusform>%n abortadas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n observation(s)</source>
        <translation>
            <numerusform>%n observación</numerusform>
            <numerusform>%n observaciones</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %Ln file(s), %2</source>
        <translation>
            <numerusform>%1: %Ln archivo, %2</numerusform>
            <numerusform>%1: %Ln archivos, %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Central: %1, %2, %3</source>
        <translation>Central: %1, %2, %3</translation>
    </message>
    <message numerus="yes">
        <source>%Ln synced</source>
        <translation>
            <numerusform>%Ln sincronizada</numerusform>
            <numerusform>%Ln sincronizadas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln still buffered</source>
        <translation>
            <numerusform>%Ln aún en búfer</numerusform>
            <numerusform>%Ln aún en búfer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln buffered</source>
        <translation>
            <numerusform>%Ln en búfer</numerusform>
            <numerusform>%Ln en búfer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln refused</source>
        <translation>
            <numerusform>%Ln rechazada</numerusform>
            <numerusform>%Ln rechazadas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>opsconsole</name>
    <message>
        <source>Operations console</source>
        <translation>Consola de operaciones</translation>
    </message>
    <message>
        <source>The console cannot start.</source>
        <translation>La consola no puede iniciarse.</translation>
    </message>
</context>
</TS>
