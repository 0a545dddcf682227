REM The menu command "Sozialplanung > Daten importieren ..." of the ISP extension: a dialog that asks for an
REM official table (CSV of the Statistisches Landesamt / Regionalstatistik, XLSX of the Bundesagentur), the
REM indicator, the year, the file's columns and the optional mapping and territorial-changes tables, and calls the
REM C++ service de.sozialplanung.isp.DatenImport (docs/import.md) on the OPEN workbook: "Prüfen" shows the report
REM and changes nothing, "Übernehmen" imports as one undo step. The options are those of scripts/daten-import.sh;
REM every rule is the planner's (addin/import/daten_import.cpp), none is in this file.
REM
REM Module DatenImport of the library ISPWeitergabe (addin/ui/make_xba.py); AddControl, ServiceMessage and
REM IsGermanUi are the Weitergabe module's. The dialog is built in CreateImportDialog and read in RunImport, so
REM that tests can fill it and import without the modal Execute (tests/daten/test_ui_daten_import.py).
Option Explicit

Private Const DI_SERVICE = "de.sozialplanung.isp.DatenImport"

Private nImportLanguage As Integer ' 0 not read yet, 1 German, 2 other

REM Entry point of the menu command.
Sub Start
    Dim oDoc As Object
    oDoc = ThisComponent
    If IsNull(oDoc) Then
        MsgBox TrImport("NoCalc"), 48, TrImport("Title")
        Exit Sub
    End If
    If Not oDoc.supportsService("com.sun.star.sheet.SpreadsheetDocument") Then
        MsgBox TrImport("NoCalc"), 48, TrImport("Title")
        Exit Sub
    End If
    Dim oDlg As Object
    oDlg = CreateImportDialog(oDoc)
    oDlg.execute()
    oDlg.dispose()
End Sub

REM The dialog for oDoc, ready to execute. Prüfen and Übernehmen act inside the dialog (the report appears in it);
REM Schließen ends it.
Function CreateImportDialog(oDoc As Object) As Object
    Dim oModel As Object
    oModel = CreateUnoService("com.sun.star.awt.UnoControlDialogModel")
    oModel.Title = TrImport("Title")
    oModel.Width = 340
    oModel.Height = 316

    ' Map AppFont units; edit fields, list boxes and buttons get 16 units and at least 4 units between rows
    ' (tests/daten/test_ui_daten_import.py checks that no two controls overlap and every text fits).
    AddControl(oModel, "FixedText", "lblIntro", 6, 6, 328, 18, Array("Label", TrImport("Intro"), "MultiLine", True))
    AddControl(oModel, "FixedText", "lblFile", 6, 31, 74, 10, Array("Label", TrImport("File")))
    AddControl(oModel, "Edit", "txtFile", 82, 28, 178, 16, Array("TabIndex", 1))
    AddControl(oModel, "Button", "btnFile", 264, 28, 70, 16, Array("Label", TrImport("Browse"), "TabIndex", 2))
    AddControl(oModel, "FixedText", "lblIndicator", 6, 51, 74, 10, Array("Label", TrImport("Indicator")))
    AddControl(oModel, "Edit", "txtIndicator", 82, 48, 40, 16, Array("TabIndex", 3))
    AddControl(oModel, "FixedText", "lblYear", 130, 51, 26, 10, Array("Label", TrImport("Year")))
    AddControl(oModel, "Edit", "txtYear", 158, 48, 40, 16, Array("TabIndex", 4))
    AddControl(oModel, "FixedText", "lblYearHint", 202, 51, 132, 10, Array("Label", TrImport("YearHint")))
    AddControl(oModel, "FixedText", "lblZaehler", 6, 71, 74, 10, Array("Label", TrImport("Zaehler")))
    AddControl(oModel, "ListBox", "lstZaehler", 82, 68, 252, 16, Array("Dropdown", True, "LineCount", 12, "TabIndex", 5))
    AddControl(oModel, "FixedText", "lblNenner", 6, 91, 74, 10, Array("Label", TrImport("Nenner")))
    AddControl(oModel, "ListBox", "lstNenner", 82, 88, 252, 16, Array("Dropdown", True, "LineCount", 12, "TabIndex", 6))
    AddControl(oModel, "FixedText", "lblWert", 6, 111, 74, 10, Array("Label", TrImport("Wert")))
    AddControl(oModel, "ListBox", "lstWert", 82, 108, 252, 16, Array("Dropdown", True, "LineCount", 12, "TabIndex", 7))
    AddControl(oModel, "FixedText", "lblMapping", 6, 131, 74, 10, Array("Label", TrImport("Mapping")))
    AddControl(oModel, "Edit", "txtMapping", 82, 128, 178, 16, Array("TabIndex", 8))
    AddControl(oModel, "Button", "btnMapping", 264, 128, 70, 16, Array("Label", TrImport("Browse"), "TabIndex", 9))
    AddControl(oModel, "FixedText", "lblChanges", 6, 151, 74, 10, Array("Label", TrImport("Changes")))
    AddControl(oModel, "Edit", "txtChanges", 82, 148, 178, 16, Array("TabIndex", 10))
    AddControl(oModel, "Button", "btnChanges", 264, 148, 70, 16, Array("Label", TrImport("Browse"), "TabIndex", 11))
    AddControl(oModel, "Edit", "txtReport", 6, 170, 328, 120, Array("MultiLine", True, "ReadOnly", True, "VScroll", True, "Text", TrImport("Start"), "TabIndex", 15))
    AddControl(oModel, "Button", "btnCheck", 142, 294, 62, 16, Array("Label", TrImport("Check"), "DefaultButton", True, "TabIndex", 12))
    AddControl(oModel, "Button", "btnApply", 208, 294, 64, 16, Array("Label", TrImport("Apply"), "TabIndex", 13))
    AddControl(oModel, "Button", "btnClose", 276, 294, 58, 16, Array("Label", TrImport("Close"), "PushButtonType", 2, "TabIndex", 14))

    Dim oDlg As Object
    oDlg = CreateUnoService("com.sun.star.awt.UnoControlDialog")
    oDlg.setModel(oModel)
    oDlg.createPeer(CreateUnoService("com.sun.star.awt.Toolkit"), Null)
    FillColumns(oDlg, Array())

    Dim oFileListener As Object, oMappingListener As Object, oChangesListener As Object
    Dim oCheckListener As Object, oApplyListener As Object, oTextListener As Object
    oFileListener = CreateUnoListener("ImportFile_", "com.sun.star.awt.XActionListener")
    oDlg.getControl("btnFile").addActionListener(oFileListener)
    oMappingListener = CreateUnoListener("ImportMapping_", "com.sun.star.awt.XActionListener")
    oDlg.getControl("btnMapping").addActionListener(oMappingListener)
    oChangesListener = CreateUnoListener("ImportChanges_", "com.sun.star.awt.XActionListener")
    oDlg.getControl("btnChanges").addActionListener(oChangesListener)
    oCheckListener = CreateUnoListener("ImportCheck_", "com.sun.star.awt.XActionListener")
    oDlg.getControl("btnCheck").addActionListener(oCheckListener)
    oApplyListener = CreateUnoListener("ImportApply_", "com.sun.star.awt.XActionListener")
    oDlg.getControl("btnApply").addActionListener(oApplyListener)
    oTextListener = CreateUnoListener("ImportFileText_", "com.sun.star.awt.XFocusListener")
    oDlg.getControl("txtFile").addFocusListener(oTextListener)
    CreateImportDialog = oDlg
End Function

REM The three column lists: "(keine)" and one item per value column of the file ("2 – Einwohner unter 65"); the
REM selected position is the column number handed to the service (--zaehler 2).
Private Sub FillColumns(oDlg As Object, aColumns As Variant)
    Dim aItems() As String, i As Long, aParts As Variant
    ReDim aItems(UBound(aColumns) - LBound(aColumns) + 1)
    aItems(0) = TrImport("NoColumn")
    For i = LBound(aColumns) To UBound(aColumns)
        aParts = Split(aColumns(i), Chr(9))
        aItems(i - LBound(aColumns) + 1) = aParts(0) & " – " & aParts(1)
    Next i
    Dim sName As Variant
    For Each sName In Array("lstZaehler", "lstNenner", "lstWert")
        oDlg.getModel().getByName(sName).StringItemList = aItems
        oDlg.getModel().getByName(sName).SelectedItems = Array(0)
    Next sName
End Sub

REM Reads the columns of the file named in the dialog (after Durchsuchen or when the file field is left). Returns
REM True when the file could be read; otherwise the reason is in the report field.
Function LoadColumns(oDlg As Object) As Boolean
    Dim sUrl As String, oService As Object, aColumns As Variant
    LoadColumns = False
    sUrl = FileUrl(oDlg.getModel().getByName("txtFile").Text)
    If sUrl = "" Then Exit Function
    oService = CreateUnoService(DI_SERVICE)
    If IsNull(oService) Then
        ShowReport(oDlg, TrImport("NoService"))
        Exit Function
    End If
    On Error GoTo Failed
    aColumns = oService.listColumns(sUrl)
    On Error GoTo 0
    FillColumns(oDlg, aColumns)
    oDlg.getModel().getByName("txtFile").Tag = sUrl ' the file the lists show
    ShowReport(oDlg, TrImport("ColumnsRead") & " " & (UBound(aColumns) - LBound(aColumns) + 1))
    LoadColumns = True
    Exit Function
Failed:
    Dim sMessage As String
    sMessage = ServiceMessage(Error$) ' before any other call resets it
    FillColumns(oDlg, Array())
    oDlg.getModel().getByName("txtFile").Tag = ""
    ShowReport(oDlg, sMessage)
End Function

REM A path or URL typed or chosen in the dialog as a file URL ("" when empty).
Private Function FileUrl(sText As String) As String
    Dim sPath As String
    sPath = Trim(sText)
    If sPath = "" Then
        FileUrl = ""
    ElseIf LCase(Left(sPath, 5)) = "file:" Then
        FileUrl = sPath
    Else
        FileUrl = ConvertToURL(sPath)
    End If
End Function

REM The column number chosen in a list ("" = none).
Private Function ChosenColumn(oDlg As Object, sList As String) As String
    Dim aSel As Variant
    aSel = oDlg.getModel().getByName(sList).SelectedItems
    ChosenColumn = ""
    If UBound(aSel) >= 0 Then
        If aSel(0) > 0 Then ChosenColumn = CStr(aSel(0))
    End If
End Function

Private Sub ShowReport(oDlg As Object, sText As String)
    oDlg.getModel().getByName("txtReport").Text = sText
End Sub

REM Checks (bApply False) or imports (bApply True) what the dialog says into oDoc. Returns Array(True, report) or
REM Array(False, German message); the text is also shown in the dialog's report field.
Function RunImport(oDlg As Object, oDoc As Object, bApply As Boolean) As Variant
    Dim oModel As Object, sFile As String, sIndicator As String, sYear As String
    Dim nIndicator As Long, nYear As Long
    oModel = oDlg.getModel()
    sFile = FileUrl(oModel.getByName("txtFile").Text)
    sIndicator = Trim(oModel.getByName("txtIndicator").Text)
    sYear = Trim(oModel.getByName("txtYear").Text)
    If sFile = "" Then
        RunImport = Refusal(oDlg, TrImport("NoFile"))
        Exit Function
    End If
    If Not IsWholeNumber(sIndicator, 1, 9999) Then
        RunImport = Refusal(oDlg, TrImport("NoIndicator"))
        Exit Function
    End If
    nIndicator = CLng(sIndicator)
    nYear = 0
    If sYear <> "" Then
        If Not IsWholeNumber(sYear, 1900, 2200) Then
            RunImport = Refusal(oDlg, TrImport("BadYear"))
            Exit Function
        End If
        nYear = CLng(sYear)
    End If
    Dim oService As Object, sReport As String
    oService = CreateUnoService(DI_SERVICE)
    If IsNull(oService) Then
        RunImport = Refusal(oDlg, TrImport("NoService"))
        Exit Function
    End If
    On Error GoTo Failed
    sReport = oService.importTable(oDoc, sFile, nIndicator, nYear, ChosenColumn(oDlg, "lstZaehler"), _
        ChosenColumn(oDlg, "lstNenner"), ChosenColumn(oDlg, "lstWert"), FileUrl(oModel.getByName("txtMapping").Text), _
        FileUrl(oModel.getByName("txtChanges").Text), bApply)
    On Error GoTo 0
    ShowReport(oDlg, sReport)
    RunImport = Array(True, sReport)
    Exit Function
Failed:
    RunImport = Refusal(oDlg, ServiceMessage(Error$))
End Function

Private Function Refusal(oDlg As Object, sText As String) As Variant
    ShowReport(oDlg, sText)
    Refusal = Array(False, sText)
End Function

Private Function IsWholeNumber(sText As String, nMin As Long, nMax As Long) As Boolean
    Dim i As Long
    IsWholeNumber = False
    If sText = "" Or Len(sText) > 6 Then Exit Function
    For i = 1 To Len(sText)
        If InStr("0123456789", Mid(sText, i, 1)) = 0 Then Exit Function
    Next i
    IsWholeNumber = (CLng(sText) >= nMin And CLng(sText) <= nMax)
End Function

REM Asks for a file; sFilter "table" (the data file) or "csv" (mapping and changes tables). "" when cancelled.
Private Function PickFile(sCurrent As String, sFilter As String) As String
    Dim oPicker As Object
    oPicker = CreateUnoService("com.sun.star.ui.dialogs.FilePicker")
    oPicker.initialize(Array(com.sun.star.ui.dialogs.TemplateDescription.FILEOPEN_SIMPLE))
    If sFilter = "table" Then
        oPicker.appendFilter(TrImport("FilterTables"), "*.csv;*.xlsx;*.xls;*.ods")
    Else
        oPicker.appendFilter(TrImport("FilterCsv"), "*.csv")
    End If
    oPicker.appendFilter(TrImport("FilterAll"), "*.*")
    If Trim(sCurrent) <> "" Then
        Dim sUrl As String
        sUrl = FileUrl(sCurrent)
        oPicker.setDisplayDirectory(Left(sUrl, InStrRev(sUrl, "/") - 1))
    End If
    PickFile = ""
    If oPicker.execute() = 1 Then PickFile = ConvertFromURL(oPicker.getFiles()(0))
End Function

REM Listeners of the dialog (CreateUnoListener prefixes). The workbook is the one whose menu was used
REM (ThisComponent stays the document while its modal dialog is open).
Sub ImportFile_actionPerformed(oEvent As Object)
    Dim oDlg As Object, sPath As String
    oDlg = oEvent.Source.getContext()
    sPath = PickFile(oDlg.getModel().getByName("txtFile").Text, "table")
    If sPath <> "" Then
        oDlg.getModel().getByName("txtFile").Text = sPath
        LoadColumns(oDlg)
    End If
End Sub

Sub ImportFile_disposing(oEvent As Object)
End Sub

Sub ImportMapping_actionPerformed(oEvent As Object)
    PickInto(oEvent.Source.getContext(), "txtMapping")
End Sub

Sub ImportMapping_disposing(oEvent As Object)
End Sub

Sub ImportChanges_actionPerformed(oEvent As Object)
    PickInto(oEvent.Source.getContext(), "txtChanges")
End Sub

Sub ImportChanges_disposing(oEvent As Object)
End Sub

REM A CSV table (mapping or territorial changes) chosen with the file picker into the field sField.
Private Sub PickInto(oDlg As Object, sField As String)
    Dim sPath As String
    sPath = PickFile(oDlg.getModel().getByName(sField).Text, "csv")
    If sPath <> "" Then oDlg.getModel().getByName(sField).Text = sPath
End Sub

Sub ImportCheck_actionPerformed(oEvent As Object)
    RunImport(oEvent.Source.getContext(), ThisComponent, False)
End Sub

Sub ImportCheck_disposing(oEvent As Object)
End Sub

Sub ImportApply_actionPerformed(oEvent As Object)
    RunImport(oEvent.Source.getContext(), ThisComponent, True)
End Sub

Sub ImportApply_disposing(oEvent As Object)
End Sub

Sub ImportFileText_focusGained(oEvent As Object)
End Sub

REM Leaving the file field reloads the column lists only for another file: chosen columns stay chosen.
Sub ImportFileText_focusLost(oEvent As Object)
    Dim oDlg As Object
    oDlg = oEvent.Source.getContext()
    If FileUrl(oDlg.getModel().getByName("txtFile").Text) <> oDlg.getModel().getByName("txtFile").Tag Then
        LoadColumns(oDlg)
    End If
End Sub

Sub ImportFileText_disposing(oEvent As Object)
End Sub

Function TrImport(sKey As String) As String
    Dim bDe As Boolean
    If nImportLanguage = 0 Then nImportLanguage = IIf(IsGermanUi(), 1, 2)
    bDe = (nImportLanguage = 1)
    Select Case sKey
        Case "Title": TrImport = IIf(bDe, "Daten importieren – amtliche Tabelle in das Blatt Werte", "Import data – an official table into the Werte sheet")
        Case "Intro": TrImport = IIf(bDe, "Übernimmt eine Tabelle des Statistischen Landesamts (CSV) oder der Bundesagentur für Arbeit (XLSX) in diese Arbeitsmappe. Erst „Prüfen“, dann „Übernehmen“.", "Takes a table of the statistical office (CSV) or the Bundesagentur für Arbeit (XLSX) into this workbook. First ""Check"", then ""Import"".")
        Case "File": TrImport = IIf(bDe, "Datei:", "File:")
        Case "Browse": TrImport = IIf(bDe, "Durchsuchen …", "Browse …")
        Case "Indicator": TrImport = IIf(bDe, "Indikator-Nr.:", "Indicator no.:")
        Case "Year": TrImport = IIf(bDe, "Jahr:", "Year:")
        Case "YearHint": TrImport = IIf(bDe, "leer: Jahr aus der Datei (Stichtag)", "empty: year from the file (date)")
        Case "Zaehler": TrImport = IIf(bDe, "Zähler (Quoten):", "Numerator (rates):")
        Case "Nenner": TrImport = IIf(bDe, "Nenner (Quoten):", "Denominator (rates):")
        Case "Wert": TrImport = IIf(bDe, "Wert (sonst):", "Value (others):")
        Case "NoColumn": TrImport = IIf(bDe, "(keine)", "(none)")
        Case "Mapping": TrImport = IIf(bDe, "Zuordnung:", "Mapping:")
        Case "Changes": TrImport = IIf(bDe, "Gebietsänderungen:", "Area changes:")
        Case "Start": TrImport = IIf(bDe, "Datei wählen; die Spalten der Datei erscheinen dann in den Listen. Zuordnung: Tabelle AGS;Gemeinde-ID;Name (nötig, wenn die Gemeinde-IDs der Mappe keine AGS sind). Gebietsänderungen: nur für Jahre vor einer Gemeindefusion.", "Choose a file; its columns then appear in the lists. Mapping: table AGS;Gemeinde-ID;Name (needed when the workbook's Gemeinde-IDs are not AGS). Area changes: only for years before a merger of Gemeinden.")
        Case "Check": TrImport = IIf(bDe, "Prüfen", "Check")
        Case "Apply": TrImport = IIf(bDe, "Übernehmen", "Import")
        Case "Close": TrImport = IIf(bDe, "Schließen", "Close")
        Case "ColumnsRead": TrImport = IIf(bDe, "Datei gelesen. Wertspalten:", "File read. Value columns:")
        Case "NoFile": TrImport = IIf(bDe, "Bitte die Datei mit den Daten wählen.", "Please choose the data file.")
        Case "NoIndicator": TrImport = IIf(bDe, "Bitte die Indikator-Nr. angeben (Blatt Indikatoren).", "Please give the indicator number (sheet Indikatoren).")
        Case "BadYear": TrImport = IIf(bDe, "Jahr: bitte vierstellig angeben (z. B. 2024) oder leer lassen.", "Year: four digits (e.g. 2024) or empty.")
        Case "NoService": TrImport = IIf(bDe, "Die Import-Funktion des ISP-Add-ins ist nicht installiert.", "The import service of the ISP add-in is not installed.")
        Case "NoCalc": TrImport = IIf(bDe, "Der Import arbeitet mit einer geöffneten Calc-Arbeitsmappe.", "The import needs an open Calc workbook.")
        Case "FilterTables": TrImport = IIf(bDe, "Tabellen (CSV, XLSX, XLS, ODS)", "Tables (CSV, XLSX, XLS, ODS)")
        Case "FilterCsv": TrImport = IIf(bDe, "CSV-Tabellen", "CSV tables")
        Case "FilterAll": TrImport = IIf(bDe, "Alle Dateien", "All files")
        Case Else: TrImport = sKey
    End Select
End Function
