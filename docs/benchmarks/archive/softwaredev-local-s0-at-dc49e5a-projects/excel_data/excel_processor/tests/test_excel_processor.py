import pytest
from main import main
from upload import Upload
from display import Display

def test_upload_file():
    upload = Upload()
    upload.upload("example.xlsx")
    assert upload.file_path == "example.xlsx"

def test_display_data():
    upload = Upload()
    upload.upload("example.xlsx")
    display = Display(upload)
    display.display()
    assert display.data_frame is not None

def test_filter_data():
    upload = Upload()
    upload.upload("example.xlsx")
    display = Display(upload)
    display.filter("column_name", "value")
    assert display.data_frame is not None

def test_sort_data():
    upload = Upload()
    upload.upload("example.xlsx")
    display = Display(upload)
    display.sort("column_name")
    assert display.data_frame is not None

def test_export_data():
    upload = Upload()
    upload.upload("example.xlsx")
    display = Display(upload)
    display.export_to_excel("exported_data.xlsx")
    assert "exported_data.xlsx" in display.data_frame

def test_main_function():
    with pytest.raises(SystemExit):
        main()

def test_main_function_with_valid_file():
    upload = Upload()
    upload.upload("example.xlsx")
    with pytest.raises(SystemExit):
        main()

def test_main_function_with_invalid_file():
    upload = Upload()
    upload.upload("invalid_file.xlsx")
    with pytest.raises(SystemExit):
        main()
